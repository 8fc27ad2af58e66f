using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>WeChat's server API, at WeChat's own paths: what a backend calls.</summary>
internal static class WeChatApiEndpoints
{
    public static void MapWeChatApi(this IEndpointRouteBuilder endpoints, WeChatEmulator emulator)
    {
        var api = endpoints.MapGroup(string.Empty);
        api.MapGet("/sns/jscode2session", EmulatorEndpoint.Answer(input => emulator.Code2Session(input.Query)));
        api.MapPost("/cgi-bin/stable_token", EmulatorEndpoint.Answer(input => emulator.StableToken(input.Body)));
        api.MapGet("/cgi-bin/token", EmulatorEndpoint.Answer(input => emulator.Token(input.Query)));
        api.MapGet("/wxa/checksession", EmulatorEndpoint.Answer(input => emulator.CheckSession(input.Query)));

        // Any method: WeChat answers a GET with 43302 (POST required), in a 200 as all its errcodes.
        api.Map("/wxa/msg_sec_check", EmulatorEndpoint.Answer(input => emulator.MsgSecCheck(input.Method, input.Query, input.Body)));
        api.Map("/wxa/media_check_async", EmulatorEndpoint.Answer(input => emulator.MediaCheckAsync(input.Method, input.Query, input.Body)));
    }
}
