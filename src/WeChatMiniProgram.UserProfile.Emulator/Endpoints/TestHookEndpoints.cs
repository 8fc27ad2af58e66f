using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>What a test (or the page) sets and reads: apps, users, faults, the clock, verdicts, and the call and push logs.</summary>
internal static class TestHookEndpoints
{
    public static void MapTestHooks(this IEndpointRouteBuilder endpoints, WeChatEmulator emulator)
    {
        var hooks = endpoints.MapGroup("/emulator");
        hooks.MapGet("/apps", EmulatorEndpoint.Answer(_ => emulator.Apps()));
        hooks.MapPut("/apps/{appid}/push", EmulatorEndpoint.Answer(input => emulator.PutPush(input.Route("appid"), input.Body)));
        hooks.MapGet("/users", EmulatorEndpoint.Answer(_ => emulator.Users()));
        hooks.MapPut("/users/{user}", EmulatorEndpoint.Answer(input => emulator.PutUser(input.Route("user"), input.Body)));
        hooks.MapPost("/faults", EmulatorEndpoint.Answer(input => emulator.Faults(input.Body)));
        hooks.MapPost("/clock", EmulatorEndpoint.Answer(input => emulator.Clock(input.Body)));
        hooks.MapPost("/media-verdicts", EmulatorEndpoint.Answer(input => emulator.MediaVerdicts(input.Body)));
        hooks.MapGet("/calls", EmulatorEndpoint.Answer(input => emulator.Calls(input.Query)));
        hooks.MapGet("/pushes", EmulatorEndpoint.Answer(input => emulator.Pushes(input.Query)));
    }
}
