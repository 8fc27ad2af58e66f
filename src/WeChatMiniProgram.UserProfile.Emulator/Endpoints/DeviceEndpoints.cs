using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>The user's phone: <c>wx.login</c>, getUserProfile (run by the SDK's own client) and 头像昵称填写 sent to a backend.</summary>
internal static class DeviceEndpoints
{
    public static void MapDevice(this IEndpointRouteBuilder endpoints, WeChatEmulator emulator)
    {
        var device = endpoints.MapGroup("/emulator");
        device.MapPost("/login", EmulatorEndpoint.Answer(input => emulator.DeviceLogin(input.Body)));
        device.MapPost("/getUserProfile", EmulatorEndpoint.Answer((input, cancellationToken) => emulator.DeviceGetUserProfileAsync(input.Body, cancellationToken)));
        device.MapPost("/fill-in", EmulatorEndpoint.Answer((input, cancellationToken) => emulator.DeviceFillInAsync(input.Body, cancellationToken), WeChatEmulator.MaxFillInBytes));
    }
}
