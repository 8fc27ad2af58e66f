using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ConsoleHost;

/// <summary>
/// Today's flow of a mini program against a backend (samples/AspNetCoreBackend, or yours) and the WeChat emulator: log
/// in (wx.login on the emulator's phone, then the backend's POST /login), GET /profile, and only when nothing is kept
/// the fill-in (&lt;input type="nickname"&gt; and &lt;button open-type="chooseAvatar"&gt;: PUT /profile/nickname,
/// PUT /profile/avatar). On a base library below 2.27.1 getUserProfile still gives the real profile: POST /profile keeps it.
/// </summary>
internal static class BackendFlow
{
    private static readonly Version Anonymised = new(2, 27, 1);

    public static async Task<int> RunAsync(Uri emulator, Uri backend, string appId, string user, string desc, Version baseLibrary, TextReader input)
    {
        using var phone = new HttpClient { BaseAddress = emulator };
        using var api = new HttpClient { BaseAddress = backend };

        // wx.login, then the backend's login endpoint: a bearer token for the rest.
        using var code = await phone.PostAsJsonAsync("emulator/login", new { appid = appId, user });
        using var login = await api.PostAsJsonAsync("login", new { code = (await Json(code)).GetProperty("code").GetString() });
        if (!login.IsSuccessStatusCode)
        {
            Console.WriteLine($"POST /login: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}");
            return 1;
        }

        var token = (await Json(login)).GetProperty("token").GetString()!;
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Console.WriteLine($"logged in as {user} on {backend}");

        using var kept = await api.GetAsync("profile");
        if (kept.IsSuccessStatusCode)
        {
            Console.WriteLine($"kept: {await kept.Content.ReadAsStringAsync()}");
            Console.WriteLine("nothing to ask: the profile is kept");
            return 0;
        }

        if (kept.StatusCode != HttpStatusCode.NotFound)
        {
            Console.WriteLine($"GET /profile: {(int)kept.StatusCode} {await kept.Content.ReadAsStringAsync()}");
            return 1;
        }

        Console.WriteLine("no profile kept (404 ProfileNotKept)");
        if (baseLibrary < Anonymised)
        {
            // Base library below 2.27.1: getUserProfile gives the real profile, and the backend keeps it.
            Console.WriteLine($"base library {baseLibrary}: getUserProfile ({desc}) — allow? [y/n]");
            var consent = input.ReadLine()?.Trim().ToUpperInvariant() is "Y" or "YES" ? "allow" : "deny";
            using var result = await phone.PostAsJsonAsync("emulator/getUserProfile", new { appid = appId, user, desc, lang = "zh_CN", consent, baseLibrary = baseLibrary.ToString() });
            if (!result.IsSuccessStatusCode)
            {
                Console.WriteLine((await Json(result)).GetProperty("errMsg").GetString());
                return 1;
            }

            using var posted = await api.PostAsync("profile", new StringContent(await result.Content.ReadAsStringAsync(), System.Text.Encoding.UTF8, "application/json"));
            Console.WriteLine($"POST /profile: {(int)posted.StatusCode} {await posted.Content.ReadAsStringAsync()}");
            return posted.IsSuccessStatusCode ? 0 : 1;
        }

        // Base library 2.27.1 and later: getUserProfile would give 微信用户 and a grey avatar, so the fill-in asks.
        Console.WriteLine("<input type=\"nickname\">: your nickname?");
        var nickName = input.ReadLine()?.Trim();
        using var named = await api.PutAsJsonAsync("profile/nickname", new { nickName = string.IsNullOrEmpty(nickName) ? user : nickName });
        Console.WriteLine($"PUT /profile/nickname: {(int)named.StatusCode} {await named.Content.ReadAsStringAsync()}");

        Console.WriteLine("<button open-type=\"chooseAvatar\">: sunny, mint or sky? [sunny]");
        var avatar = input.ReadLine()?.Trim() is { Length: > 0 } chosen ? chosen : "sunny";
        using var image = await phone.GetAsync($"page/avatars/{Uri.EscapeDataString(avatar)}.png");
        if (!image.IsSuccessStatusCode)
        {
            Console.WriteLine($"the emulator has no built-in avatar '{avatar}' (sunny, mint or sky)");
            return 1;
        }

        // wx.uploadFile: multipart/form-data, one file field.
        using var file = new ByteArrayContent(await image.Content.ReadAsByteArrayAsync()) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } };
        using var upload = new MultipartFormDataContent { { file, "file", "tmp_avatar.png" } };
        using var uploaded = await api.PutAsync("profile/avatar", upload);
        Console.WriteLine($"PUT /profile/avatar: {(int)uploaded.StatusCode} {await uploaded.Content.ReadAsStringAsync()}");
        return named.IsSuccessStatusCode && uploaded.IsSuccessStatusCode ? 0 : 1;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();
}
