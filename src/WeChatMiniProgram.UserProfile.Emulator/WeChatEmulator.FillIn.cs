using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>
/// 头像昵称填写 on the phone: what a mini program on base library 2.21.2 or later does with the avatar the user chose
/// (<c>&lt;button open-type="chooseAvatar"&gt;</c>, then <c>wx.uploadFile</c>) and the nickname typed or offered
/// (<c>&lt;input type="nickname"&gt;</c>), sent to the backend by the phone as a mini program sends them: log in
/// (<c>wx.login</c>, then the backend's <c>POST /login</c>), <c>PUT /profile/nickname</c> with <c>{"nickName"}</c>,
/// <c>PUT /profile/avatar</c> as multipart/form-data with one file field, then <c>GET /profile</c>.
/// </summary>
public sealed partial class WeChatEmulator
{
    /// <summary>The largest request <c>POST /emulator/fill-in</c> takes: an avatar of up to 10 MB, base64.</summary>
    internal const int MaxFillInBytes = 14 * 1024 * 1024;

    /// <summary>The built-in avatars the page offers, by name.</summary>
    internal static readonly string[] BuiltInAvatars = ["sunny", "mint", "sky"];

    /// <summary>
    /// <c>POST /emulator/fill-in {"appid","user","backend","nickName"?,"avatar"?}</c>, the avatar either
    /// <c>{"builtin":"sunny"}</c> or <c>{"base64","fileName","contentType"}</c>: each step's status and answer.
    /// </summary>
    internal async Task<EmulatorResponse> DeviceFillInAsync(string? body, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(body is null or "" ? "{}" : body);
        var root = document.RootElement;
        var (appId, user, backend, nickName) = (String(root, "appid"), String(root, "user"), String(root, "backend"), String(root, "nickName"));
        if (appId is null || !_apps.ContainsKey(appId) || user is null || !_users.ContainsKey(user))
        {
            return BadRequest("Send the appid of an app and a user of the emulator: {\"appid\",\"user\",\"backend\",\"nickName\",\"avatar\":{\"builtin\":\"sunny\"}}.");
        }

        if (backend is null || !Uri.TryCreate(backend, UriKind.Absolute, out var backendUri) || backendUri.Scheme is not ("http" or "https"))
        {
            return BadRequest("backend must be the absolute http or https address of your backend, such as http://127.0.0.1:5080.");
        }

        var avatar = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("avatar", out var a) && a.ValueKind == JsonValueKind.Object ? ReadAvatar(a) : null;
        if (root.TryGetProperty("avatar", out var given) && given.ValueKind != JsonValueKind.Null && avatar is null)
        {
            return BadRequest($"avatar must be {{\"builtin\":\"{string.Join("|", BuiltInAvatars)}\"}} or {{\"base64\",\"fileName\",\"contentType\"}} of at most 10 MB.");
        }

        if (nickName is null && avatar is null)
        {
            return BadRequest("Send a nickName, an avatar, or both.");
        }

        var steps = new List<(string Step, int? Status, string Answer)>();
        var client = Outbound();
        var code = Login(appId, user);
        var login = await SendAsync(client, HttpMethod.Post, new Uri(backendUri, "login"), JsonBody(writer => writer.WriteString("code", code)), null, cancellationToken).ConfigureAwait(false);
        steps.Add(("login", login.Status, login.Answer));
        string? token = null;
        if (login.Status == 200)
        {
            try
            {
                using var answer = JsonDocument.Parse(login.Answer);
                token = String(answer.RootElement, "token");
            }
            catch (JsonException)
            {
                // reported as the login step's answer
            }
        }

        if (token is not null)
        {
            if (nickName is not null)
            {
                var nick = await SendAsync(client, HttpMethod.Put, new Uri(backendUri, "profile/nickname"), JsonBody(writer => writer.WriteString("nickName", nickName)), token, cancellationToken).ConfigureAwait(false);
                steps.Add(("nickname", nick.Status, nick.Answer));
            }

            if (avatar is { } file)
            {
                var upload = new MultipartFormDataContent();
                var part = new ByteArrayContent(file.Bytes);
                part.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
                upload.Add(part, "file", file.FileName); // wx.uploadFile: one file field
                var sent = await SendAsync(client, HttpMethod.Put, new Uri(backendUri, "profile/avatar"), upload, token, cancellationToken).ConfigureAwait(false);
                steps.Add(("avatar", sent.Status, sent.Answer));
            }

            var profile = await SendAsync(client, HttpMethod.Get, new Uri(backendUri, "profile"), null, token, cancellationToken).ConfigureAwait(false);
            steps.Add(("profile", profile.Status, profile.Answer));
        }

        return Ok(writer =>
        {
            writer.WriteStartArray("steps");
            foreach (var (step, status, answer) in steps)
            {
                writer.WriteStartObject();
                writer.WriteString("step", step);
                if (status is { } s)
                {
                    writer.WriteNumber("status", s);
                }
                else
                {
                    writer.WriteNull("status");
                }

                writer.WriteString("answer", answer);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>A built-in avatar's PNG bytes, or <see langword="null"/> for an unknown name.</summary>
    internal static byte[]? BuiltInAvatar(string name) => PageFile($"/page/avatars/{name}.png")?.Bytes;

    private static (byte[] Bytes, string FileName, string ContentType)? ReadAvatar(JsonElement avatar)
    {
        if (String(avatar, "builtin") is { } name)
        {
            return BuiltInAvatar(name) is { } png ? (png, name + ".png", "image/png") : null;
        }

        if (String(avatar, "base64") is not { } base64 || base64.Length > MaxFillInBytes)
        {
            return null;
        }

        try
        {
            var bytes = Convert.FromBase64String(base64);
            var fileName = String(avatar, "fileName") is { Length: > 0 and <= 255 } f ? f : "avatar";
            var contentType = String(avatar, "contentType") is { Length: > 0 and <= 100 } t && MediaTypeHeaderValue.TryParse(t, out _) ? t : "application/octet-stream";
            return bytes.Length is > 0 and <= MaxMediaBytes ? (bytes, fileName, contentType) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static StringContent JsonBody(Action<Utf8JsonWriter> members) => new(Write(members), Encoding.UTF8, "application/json");

    /// <summary>One request of the phone to the backend: its status and answer (the first 4,000 characters), or why it could not be sent.</summary>
    private static async Task<(int? Status, string Answer)> SendAsync(HttpClient client, HttpMethod method, Uri uri, HttpContent? content, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var answer = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return ((int)response.StatusCode, answer.Length > 4000 ? answer[..4000] : answer);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return (null, $"The backend could not be reached at {uri.GetLeftPart(UriPartial.Authority)} ({ex.GetType().Name}).");
        }
    }
}
