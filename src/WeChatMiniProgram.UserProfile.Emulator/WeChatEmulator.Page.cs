using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>
/// The page that plays the phone (<c>GET /</c>) and the endpoints it reads: the apps, the users, the prompts waiting for
/// an answer, and the call log. The page is three static files embedded in this assembly; it needs no network.
/// </summary>
public sealed partial class WeChatEmulator
{
    /// <summary>How many <c>consent: "ask"</c> prompts may wait for an answer at once; more answer 429.</summary>
    internal const int MaxPendingPrompts = 100;

    private static readonly FrozenDictionary<string, EmulatorResponse> PageFiles = LoadPageFiles();

    /// <summary>Completes once at least <paramref name="count"/> consent prompts wait for an answer on the page.</summary>
    internal Task WhenPromptsPending(int count) => _prompts.WhenPending(count);

    /// <summary>The page's files: <c>/</c>, <c>/page/app.js</c> and <c>/page/app.css</c>.</summary>
    internal static EmulatorResponse? PageFile(string path) => PageFiles.GetValueOrDefault(path.Length == 0 ? "/" : path);

    private static FrozenDictionary<string, EmulatorResponse> LoadPageFiles()
    {
        var assembly = typeof(WeChatEmulator).Assembly;
        string Read(string name)
        {
            using var stream = assembly.GetManifestResourceStream("page/" + name)
                ?? throw new InvalidOperationException($"The emulator's page file '{name}' is missing from its assembly.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        byte[] Bytes(string name)
        {
            using var stream = assembly.GetManifestResourceStream("page/" + name)
                ?? throw new InvalidOperationException($"The emulator's page file '{name}' is missing from its assembly.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        var files = new Dictionary<string, EmulatorResponse>(StringComparer.Ordinal)
        {
            ["/"] = new(200, Read("index.html"), "text/html; charset=utf-8"),
            ["/page/app.js"] = new(200, Read("app.js"), "text/javascript; charset=utf-8"),
            ["/page/app.css"] = new(200, Read("app.css"), "text/css; charset=utf-8"),
        };
        foreach (var avatar in BuiltInAvatars)
        {
            files[$"/page/avatars/{avatar}.png"] = new(200, string.Empty, "image/png") { Bytes = Bytes($"avatars/{avatar}.png") };
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary><c>GET /emulator/apps</c>: the apps, without their secrets.</summary>
    internal EmulatorResponse Apps() => new(200, WriteArray(writer =>
    {
        foreach (var app in _apps.Values.OrderBy(a => a.AppId, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("appid", app.AppId);
            writer.WriteString("name", app.Name);
            writer.WriteBoolean("issueUnionId", app.IssueUnionId);
            writer.WriteString("baseLibrary", app.BaseLibraryVersion.ToString());
            writer.WriteBoolean("enableCloud", app.EnableCloud);
            writer.WriteBoolean("privacyScopeDeclared", app.PrivacyScopeDeclared);
            writer.WriteBoolean("replyAsTextPlain", app.ReplyAsTextPlain);
            writer.WriteEndObject();
        }
    }));

    /// <summary><c>GET /emulator/users</c>: every user's name and profile, by name.</summary>
    internal EmulatorResponse Users() => new(200, WriteArray(writer =>
    {
        foreach (var (user, profile) in _users.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("user", user);
            writer.WriteBoolean("blocked", _blocked.GetValueOrDefault(user));
            writer.WritePropertyName("userInfo");
            JsonSerializer.Serialize(writer, profile, ResultOptions.GetTypeInfo(typeof(UserInfo)));
            writer.WriteEndObject();
        }
    }));

    /// <summary><c>GET /emulator/prompts</c>: the consent prompts waiting for an answer, oldest first; the page shows the first.</summary>
    internal EmulatorResponse Prompts() => new(200, WriteArray(writer =>
    {
        foreach (var prompt in _prompts.Pending)
        {
            var request = prompt.Request;
            writer.WriteStartObject();
            writer.WriteNumber("id", prompt.Id);
            writer.WriteString("appid", request.AppId);
            writer.WriteString("appName", request.AppName);
            writer.WriteString("desc", request.Desc);
            writer.WriteString("lang", request.Lang.ToWireName());
            writer.WritePropertyName("userInfo");
            JsonSerializer.Serialize(writer, request.Preview, ResultOptions.GetTypeInfo(typeof(UserInfo)));
            writer.WriteEndObject();
        }
    }));

    /// <summary><c>POST /emulator/prompts/{id}</c> with <c>{"answer":"allow"|"deny"}</c>: what the user taps.</summary>
    internal EmulatorResponse AnswerPrompt(string id, string? body)
    {
        using var document = JsonDocument.Parse(body is null or "" ? "{}" : body);
        var answer = String(document.RootElement, "answer");
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var promptId) || answer is not ("allow" or "deny"))
        {
            return BadRequest("POST /emulator/prompts/{id} with {\"answer\":\"allow\"} or {\"answer\":\"deny\"}; the id comes from GET /emulator/prompts.");
        }

        return _prompts.TryAnswer(promptId, answer == "allow" ? ConsentDecision.Allow : ConsentDecision.Deny)
            ? Ok(writer => writer.WriteString("answer", answer))
            : BadRequest($"No prompt {promptId} is waiting: it was answered, its call was cancelled, or its ask timeout passed.", 404);
    }

    /// <summary><c>GET /emulator/calls</c>, or <c>?last=N</c> for the most recent N.</summary>
    internal EmulatorResponse Calls(IReadOnlyDictionary<string, string> query)
    {
        var calls = GetCalls();
        if (query.TryGetValue("last", out var text))
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var last) || last is < 1 or > CallLogCapacity)
            {
                return BadRequest($"last must be a whole number from 1 to {CallLogCapacity}.");
            }

            calls = calls.Count > last ? [.. calls.Skip(calls.Count - last)] : calls;
        }

        return new(200, JsonSerializer.Serialize(calls, EmulatorJsonContext.Default.IReadOnlyListEmulatorCall));
    }
}
