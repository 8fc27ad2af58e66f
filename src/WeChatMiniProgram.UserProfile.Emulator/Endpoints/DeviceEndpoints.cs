using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>The user's phone: <c>wx.login</c> and getUserProfile, run by the SDK's own client.</summary>
internal static class DeviceEndpoints
{
    public static void MapDevice(this IEndpointRouteBuilder endpoints, WeChatEmulator emulator)
    {
        var device = endpoints.MapGroup("/emulator");
        device.MapPost("/login", EmulatorEndpoint.Answer(input => emulator.DeviceLogin(input.Body)));
        device.MapPost("/getUserProfile", EmulatorEndpoint.Answer((input, cancellationToken) => emulator.DeviceGetUserProfileAsync(input.Body, cancellationToken)));
    }
}
