using System.Net.Http.Json;
using System.Text.Json;
using WeChatMiniProgram.UserProfile;
using WeChatMiniProgram.UserProfile.Server;

namespace ConsoleHost;

/// <summary>
/// The console sample against a running WeChat emulator ('userprofile serve'): the emulator's phone logs the user in
/// and runs getUserProfile, and the sample exchanges the code as a backend would (code2Session) to get the key to
/// verify with. The terminal answers the consent prompt.
/// </summary>
internal static class EmulatorPhone
{
    public static async Task<(SuccessCallbackResult? Result, string? ErrMsg, string SessionKey)> RunAsync(
        Uri emulator, string appId, string appSecret, string user, string desc, Language lang, Version baseLibrary)
    {
        using var http = new HttpClient { BaseAddress = emulator };
        using var login = await http.PostAsJsonAsync("emulator/login", new { appid = appId, user });
        var code = (await login.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("code", out var c) ? c.GetString()! : throw new InvalidOperationException(
            $"The emulator refused the login: {await login.Content.ReadAsStringAsync()}");
        var session = await new WeChatLoginClient(http, new WeChatApiOptions { AppId = appId, AppSecret = appSecret, ApiBaseAddress = emulator }).Code2SessionAsync(code);

        Console.WriteLine($"""
            ┌ {appId} (on the emulator at {emulator}) asks for {user}'s profile
            │ Purpose: {desc}
            └ Allow? [y/n]
            """);
        var consent = Console.ReadLine()?.Trim().ToUpperInvariant() is "Y" or "YES" ? "allow" : "deny";

        using var response = await http.PostAsJsonAsync("emulator/getUserProfile", new { appid = appId, user, desc, lang = lang.ToWireName(), consent, baseLibrary = baseLibrary.ToString() });
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? (JsonSerializer.Deserialize(body, SampleJsonContext.Default.SuccessCallbackResult), null, session.SessionKey)
            : (null, JsonDocument.Parse(body).RootElement.GetProperty("errMsg").GetString(), session.SessionKey);
    }
}
