using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>The page that plays the phone (<c>GET /</c> and its two files), and the consent prompts it answers.</summary>
internal static class PageEndpoints
{
    private static readonly string[] TextFiles = ["/", "/page/app.js", "/page/app.css"];

    public static void MapPage(this IEndpointRouteBuilder endpoints, WeChatEmulator emulator)
    {
        foreach (var path in TextFiles.Concat(WeChatEmulator.BuiltInAvatars.Select(static a => $"/page/avatars/{a}.png")))
        {
            endpoints.MapGet(path, EmulatorEndpoint.Answer(_ => WeChatEmulator.PageFile(path)!));
        }

        var prompts = endpoints.MapGroup("/emulator/prompts");
        prompts.MapGet(string.Empty, EmulatorEndpoint.Answer(_ => emulator.Prompts()));
        prompts.MapPost("/{id}", EmulatorEndpoint.Answer(input => emulator.AnswerPrompt(input.Route("id"), input.Body)));
    }
}
