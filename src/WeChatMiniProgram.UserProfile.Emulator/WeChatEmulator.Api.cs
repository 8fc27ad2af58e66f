using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>A request the emulator refuses as malformed: a 4xx with a message, never a 500.</summary>
#pragma warning disable CA1032 // Internal, and always made with its message.
internal sealed class EmulatorBadRequestException(string message, int status = 400) : Exception(message)
#pragma warning restore CA1032
{
    public int Status { get; } = status;
}

/// <summary>The emulator's answer: a status code and a body, JSON unless it is one of the page's files.</summary>
internal sealed record EmulatorResponse(int Status, string Body, string ContentType = EmulatorResponse.JsonContentType)
{
    public const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>Gets the body as bytes, for a binary file of the page (the built-in avatars); <see langword="null"/> for text.</summary>
    public byte[]? Bytes { get; init; }
}

public sealed partial class WeChatEmulator
{
    /// <summary>The most a request body may hold.</summary>
    internal const int MaxBodyBytes = 64 * 1024;

    /// <summary>The most users the emulator keeps (alice and bob included), and the longest a userInfo field may be.</summary>
    internal const int MaxUsers = 1_000;

    internal const int MaxFieldLength = 1_024;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = UserProfileJson.ReadableEncoder };

    // UTF-8 text as WeChat and browsers write it: Chinese and emoji as they are, not \uXXXX.
    private static readonly JsonSerializerOptions ResultOptions = new() { Encoder = UserProfileJson.ReadableEncoder, TypeInfoResolver = UserProfileJson.Resolver };

    /// <summary>
    /// Maps every endpoint of the emulator, one route group per file under <c>Endpoints/</c>: WeChat's API, the phone,
    /// the test hooks and the page. Anything else, an unknown path or a method an endpoint does not take, is a 404 or
    /// 405 that lists the endpoints.
    /// </summary>
    internal void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapWeChatApi(this);
        endpoints.MapDevice(this);
        endpoints.MapTestHooks(this);
        endpoints.MapPage(this);
    }

    /// <summary>The answer to a request no endpoint takes: the status routing chose (404, 405) and the list of endpoints.</summary>
    internal static EmulatorResponse NoSuchEndpoint(string method, string path, int status) => BadRequest(
        $"No such endpoint: {method} {path}. The emulator answers GET /sns/jscode2session, POST /cgi-bin/stable_token, "
        + "GET /cgi-bin/token, GET /wxa/checksession, POST /wxa/msg_sec_check, POST /wxa/media_check_async, POST /emulator/login, "
        + "POST /emulator/getUserProfile, POST /emulator/fill-in, GET /emulator/apps, PUT /emulator/apps/{appid}/push, GET /emulator/users, PUT /emulator/users/{user}, "
        + "GET /emulator/prompts, POST /emulator/prompts/{id}, POST /emulator/faults, POST /emulator/media-verdicts, POST /emulator/clock, "
        + "GET /emulator/calls and GET /emulator/pushes, and its page at GET /.",
        status);

    /// <summary>
    /// Refuses a JSON body with a string (or member name) whose escapes are not valid UTF-16, such as a lone
    /// <c>\ud800</c>, naming where it is: no field of any endpoint can hold one, and none is left to fail later.
    /// </summary>
    internal static void RefuseLoneSurrogates(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        var path = new List<string>(); // the member (or "[]") holding each open container
        var arrays = new List<bool>();
        string? member = null;
        while (reader.Read())
        {
            var inArray = arrays.Count > 0 && arrays[^1];
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    path.Add(inArray ? "[]" : member ?? string.Empty);
                    arrays.Add(reader.TokenType == JsonTokenType.StartArray);
                    member = null;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    path.RemoveAt(path.Count - 1);
                    arrays.RemoveAt(arrays.Count - 1);
                    break;
                case JsonTokenType.String when !reader.ValueIsEscaped:
                    break; // a lone surrogate can only come from an escape: raw bytes were checked as strict UTF-8
                case JsonTokenType.PropertyName or JsonTokenType.String:
                    string? text = null;
                    try
                    {
                        text = reader.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        var where = string.Join(".", path.Where(static p => p.Length > 0));
                        var field = reader.TokenType == JsonTokenType.PropertyName
                            ? "A member name" + (where.Length > 0 ? $" in {where}" : string.Empty)
                            : string.Join(".", path.Append(inArray ? "[]" : member ?? string.Empty).Where(static p => p.Length > 0)) is { Length: > 0 } named ? named : "The body";
                        throw new EmulatorBadRequestException(
                            $"{field} holds an escape that is not valid UTF-16 (a lone surrogate such as \\ud800): send the text as UTF-8, or a character outside the BMP as a surrogate pair.");
                    }

                    if (reader.TokenType == JsonTokenType.PropertyName)
                    {
                        member = text;
                    }

                    break;
            }
        }
    }

    // ---- WeChat's server API ----
    internal EmulatorResponse Code2Session(IReadOnlyDictionary<string, string> query)
    {
        var appId = query.GetValueOrDefault("appid");
        var errCode = Code2SessionError(query, appId, out var issued, out var app);
        Record("jscode2session", appId is null or "" ? null : appId, errCode);
        if (errCode != 0)
        {
            return ForApp(appId, WeChatError(errCode));
        }

        var (code, issuedApp) = (issued!, app!);
        return ForApp(appId, Ok(writer =>
        {
            writer.WriteString("session_key", code.SessionKey);
            writer.WriteString("openid", OpenIdOf(issuedApp.AppId, code.User));
            if (issuedApp.IssueUnionId)
            {
                writer.WriteString("unionid", UnionIdOf(code.User));
            }
        }));
    }

    private int Code2SessionError(IReadOnlyDictionary<string, string> query, string? appId, out IssuedCode? issued, out EmulatorApp? app)
    {
        issued = null;
        app = null;
        if (appId is null or "")
        {
            return 41002;
        }

        if (TryTakeFault("jscode2session", appId, out var fault))
        {
            return fault;
        }

        if (!_apps.TryGetValue(appId, out app))
        {
            return 40013;
        }

        var secret = query.GetValueOrDefault("secret");
        if (secret is null or "")
        {
            return 41004;
        }

        if (!SecretMatches(app, secret))
        {
            return 40125;
        }

        if (query.GetValueOrDefault("grant_type") != "authorization_code")
        {
            return 40002;
        }

        var code = query.GetValueOrDefault("js_code");
        if (code is null or "")
        {
            return 41008;
        }

        if (!_codes.TryGetValue(code, out issued) || issued.AppId != appId || Now - issued.IssuedAt > _options.CodeLifetime)
        {
            return 40029;
        }

        lock (issued)
        {
            if (issued.Used)
            {
                return 40163;
            }

            issued.Used = true;
        }

        // WeChat refuses a high-risk user's login (code blocked); the code is spent.
        return _blocked.GetValueOrDefault(issued.User) ? 40226 : 0;
    }

    internal EmulatorResponse StableToken(string? body)
    {
        using var document = JsonDocument.Parse(body is null or "" ? "{}" : body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            Record("stable_token", null, 47001);
            return WeChatError(47001);
        }

        var force = root.TryGetProperty("force_refresh", out var f) && f.ValueKind == JsonValueKind.True;
        var appId = String(root, "appid");
        var errCode = TokenRequestError("stable_token", String(root, "grant_type"), appId, String(root, "secret"));
        var (code, token, expiresIn) = errCode == 0 ? StableToken(appId!, force) : (errCode, null, 0);
        Record("stable_token", appId is null or "" ? null : appId, code, force);
        return ForApp(appId, code != 0 ? WeChatError(code) : Ok(writer =>
        {
            writer.WriteString("access_token", token);
            writer.WriteNumber("expires_in", expiresIn);
        }));
    }

    internal EmulatorResponse Token(IReadOnlyDictionary<string, string> query)
    {
        var appId = query.GetValueOrDefault("appid");
        var errCode = TokenRequestError("token", query.GetValueOrDefault("grant_type"), appId, query.GetValueOrDefault("secret"));
        Record("token", appId is null or "" ? null : appId, errCode);
        if (errCode != 0)
        {
            return ForApp(appId, WeChatError(errCode));
        }

        var (token, expiresIn) = PlainToken(appId!);
        return ForApp(appId, Ok(writer =>
        {
            writer.WriteString("access_token", token);
            writer.WriteNumber("expires_in", expiresIn);
        }));
    }

    private int TokenRequestError(string api, string? grantType, string? appId, string? secret)
    {
        if (appId is null or "")
        {
            return 41002;
        }

        if (TryTakeFault(api, appId, out var fault))
        {
            return fault;
        }

        if (!_apps.TryGetValue(appId, out var app))
        {
            return 40013;
        }

        if (secret is null or "")
        {
            return 41004;
        }

        return !SecretMatches(app, secret) ? 40125 : grantType != "client_credential" ? 40002 : 0;
    }

    internal EmulatorResponse CheckSession(IReadOnlyDictionary<string, string> query)
    {
        var errCode = CheckSessionError(query, out var appId);
        Record("checksession", appId, errCode);
        return ForApp(appId, WeChatError(errCode));
    }

    private int CheckSessionError(IReadOnlyDictionary<string, string> query, out string? appId)
    {
        // The access token first (41001 missing, 40001 unknown or revoked, 42001 expired), then the signature.
        var tokenError = CheckAccessToken(query.GetValueOrDefault("access_token"), out appId);
        if (tokenError != 0)
        {
            return tokenError;
        }

        if (TryTakeFault("checksession", appId!, out var fault))
        {
            return fault;
        }

        if (query.GetValueOrDefault("sig_method") != "hmac_sha256")
        {
            return 87009;
        }

        var openId = query.GetValueOrDefault("openid");
        var tokenAppId = appId!;
        var user = _users.Keys.FirstOrDefault(u => OpenIdOf(tokenAppId, u) == openId);
        if (user is null || !_sessionKeys.TryGetValue((tokenAppId, user), out var sessionKey))
        {
            return 40003;
        }

        var expected = Encoding.ASCII.GetBytes(Server.WeChatLoginClient.ComputeCheckSessionSignature(sessionKey));
        var given = Encoding.ASCII.GetBytes(query.GetValueOrDefault("signature") ?? string.Empty);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? 0 : 87009;
    }

    // ---- the phone ----
    internal EmulatorResponse DeviceLogin(string? body)
    {
        using var document = JsonDocument.Parse(body is null or "" ? "{}" : body);
        var (appId, user) = (String(document.RootElement, "appid"), String(document.RootElement, "user"));
        if (appId is null or "" || user is null or "")
        {
            return BadRequest("Send {\"appid\":\"…\",\"user\":\"…\"}.");
        }

        return TryLogin(appId, user, out var code, out var problem) ? Ok(writer => writer.WriteString("code", code)) : BadRequest(problem);
    }

    internal async Task<EmulatorResponse> DeviceGetUserProfileAsync(string? body, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(body is null or "" ? "{}" : body);
        var root = document.RootElement;
        var (appId, user) = (String(root, "appid"), String(root, "user"));
        if (appId is null or "" || !_apps.TryGetValue(appId, out var app))
        {
            return BadRequest($"Unknown appid '{appId}'. Send the appid of an app the emulator was started with.");
        }

        if (user is null or "" || !_users.TryGetValue(user, out var profile))
        {
            return BadRequest($"Unknown user '{user}'. Create it with PUT /emulator/users/{{user}}; alice and bob are built in.");
        }

        var consent = String(root, "consent") ?? "allow";
        var privacy = String(root, "privacy") ?? (app.PrivacyScopeDeclared ? "agreed" : "undeclared");
        var baseLibrary = String(root, "baseLibrary");
        if (consent is not ("allow" or "deny" or "ask") || privacy is not ("agreed" or "denied" or "undeclared"))
        {
            return BadRequest("consent must be \"allow\", \"deny\" or \"ask\" (someone answers on the emulator's page); "
                + "privacy must be \"agreed\", \"denied\" or \"undeclared\".");
        }

        if (consent == "ask" && _prompts.IsFull)
        {
            return BadRequest($"{MaxPendingPrompts} prompts already wait for an answer on the emulator's page; answer some first.", 429);
        }

        Version? version = null;
        if (baseLibrary is not null && !Version.TryParse(baseLibrary, out version))
        {
            return BadRequest($"baseLibrary must be a version such as 2.26.0 or 3.0.0, not '{baseLibrary}'.");
        }

        var lang = String(root, "lang") ?? "en";
        if (!LanguageExtensions.TryParseWireName(lang, out var language))
        {
            language = (Language)(-1); // the SDK answers with WeChat's own parameter error
        }

        var client = new UserProfileClient(
            new UserProfileClientOptions
            {
                AppId = app.AppId,
                AppName = app.Name,
                BaseLibraryVersion = version ?? app.BaseLibraryVersion,
                EnableCloud = root.TryGetProperty("enableCloud", out var cloud) && cloud.ValueKind is JsonValueKind.True or JsonValueKind.False ? cloud.GetBoolean() : app.EnableCloud,
                PrivacyAgreementScopes = privacy == "undeclared" ? [] : [UserProfileClientOptions.UserInfoPrivacyScope],
                RequireUserGesture = false, // the request stands for the user's tap
                MaxCallsPerSecond = 0,
                PromptTimeout = consent == "ask" ? _options.AskTimeout : Timeout.InfiniteTimeSpan,
            },
            consent == "ask" ? _prompts : new InMemoryConsentPromptProvider(consent == "allow" ? ConsentDecision.Allow : ConsentDecision.Deny),
            new InMemoryUserProfileSource(profile),
            new InMemorySessionKeyProvider(_sessionKeys.GetValueOrDefault((app.AppId, user)) ?? string.Empty),
            new InMemoryPrivacyAuthorizationProvider(privacy == "denied" ? ConsentDecision.Deny : ConsentDecision.Allow),
            _clock);

        try
        {
            var desc = root.TryGetProperty("desc", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            var result = await client.GetUserProfileAsync(new Option { Desc = desc, Lang = language }, cancellationToken).ConfigureAwait(false);
            return new EmulatorResponse(200, JsonSerializer.Serialize(result, ResultOptions.GetTypeInfo(typeof(SuccessCallbackResult))));
        }
        catch (UserProfileException ex)
        {
            return new EmulatorResponse(400, Write(writer =>
            {
                writer.WriteString("errMsg", ex.ErrMsg);
                if (ex.ErrNo is { } errNo)
                {
                    writer.WriteNumber("errno", errNo);
                }

                if (ex.ErrMsg == ErrMsgs.InvalidSessionKey)
                {
                    writer.WriteString("message", $"'{user}' has no session in {app.AppId}: POST /emulator/login first.");
                }
                else if (ex.ErrMsg == ErrMsgs.Timeout)
                {
                    writer.WriteString("message", $"No one answered the consent prompt on the emulator's page (GET /) within {_options.AskTimeout.TotalSeconds:0.###} s.");
                }
            }));
        }
    }

    /// <summary>
    /// <c>PUT /emulator/users/{user}</c>: a new user needs every userInfo field; an existing one may send only the fields
    /// that change. <c>"blocked": true</c> makes WeChat refuse the user's logins (40226). Unknown members are refused by name.
    /// </summary>
    internal EmulatorResponse PutUser(string user, string? body)
    {
        if (user.Length == 0 || user.Contains('/', StringComparison.Ordinal))
        {
            return BadRequest("PUT /emulator/users/{user} needs a user name.");
        }

        if (user.Length > 64)
        {
            return BadRequest("A user name is at most 64 characters.");
        }

        using var document = JsonDocument.Parse(body is null or "" ? "null" : body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return BadRequest("Send a userInfo JSON object: nickName, gender, language, city, province, country, avatarUrl (and \"blocked\": true or false, optional).");
        }

        var existing = _users.GetValueOrDefault(user);
        var profile = existing is null ? new UserInfo() : new UserInfo
        {
            NickName = existing.NickName, Gender = existing.Gender, Language = existing.Language, City = existing.City,
            Province = existing.Province, Country = existing.Country, AvatarUrl = existing.AvatarUrl,
        };
        bool? blocked = null;
        var missing = new List<string>();
        foreach (var member in root.EnumerateObject())
        {
            switch (member.Name)
            {
                case "nickName": profile.NickName = TextField(member); break;
                case "language": profile.Language = TextField(member); break;
                case "city": profile.City = TextField(member); break;
                case "province": profile.Province = TextField(member); break;
                case "country": profile.Country = TextField(member); break;
                case "avatarUrl": profile.AvatarUrl = TextField(member); break;
                case "gender":
                    profile.Gender = member.Value.ValueKind == JsonValueKind.Number && member.Value.TryGetInt32(out var gender) && gender is >= 0 and <= 2
                        ? (Gender)gender
                        : throw new EmulatorBadRequestException("gender must be 0 (unknown), 1 (male) or 2 (female).");
                    break;
                case "blocked":
                    blocked = member.Value.ValueKind is JsonValueKind.True or JsonValueKind.False
                        ? member.Value.GetBoolean()
                        : throw new EmulatorBadRequestException("blocked must be true (WeChat refuses the user's logins with 40226) or false.");
                    break;
                default:
                    throw new EmulatorBadRequestException(
                        $"'{member.Name}' is not a userInfo field: send nickName, gender, language, city, province, country, avatarUrl, and blocked (optional). Names are case-sensitive.");
            }
        }

        if (existing is null)
        {
            foreach (var field in new[] { "nickName", "gender", "language", "city", "province", "country", "avatarUrl" })
            {
                if (!root.TryGetProperty(field, out _))
                {
                    missing.Add(field);
                }
            }
        }

        if (missing.Count > 0)
        {
            return BadRequest($"A new user needs every userInfo field; missing: {string.Join(", ", missing)}. (An existing user may be updated with only the fields that change.)");
        }

        if (ProfileProblem(profile) is { } problem)
        {
            return BadRequest(problem);
        }

        if (existing is null && _users.Count >= MaxUsers)
        {
            return BadRequest($"The emulator keeps at most {MaxUsers} users.", 409);
        }

        _users[user] = profile;
        if (blocked is { } block)
        {
            _blocked[user] = block;
        }

        return Ok(writer =>
        {
            writer.WriteString("user", user);
            writer.WriteBoolean("created", existing is null);
            writer.WriteBoolean("blocked", _blocked.GetValueOrDefault(user));
        });
    }

    private static string TextField(JsonProperty member)
        => member.Value.ValueKind == JsonValueKind.String
            ? member.Value.GetString()!
            : throw new EmulatorBadRequestException($"{member.Name} must be a string.");

    internal EmulatorResponse Faults(string? body)
    {
        using var document = JsonDocument.Parse(body is null or "" ? "{}" : body);
        var root = document.RootElement;
        var api = String(root, "api");
        var appId = String(root, "appid");
        if (api is not ("jscode2session" or "stable_token" or "token" or "checksession" or "msg_sec_check" or "media_check_async")
            || !root.TryGetProperty("errcode", out var errCode) || errCode.ValueKind != JsonValueKind.Number || !errCode.TryGetInt32(out var code)
            || (root.TryGetProperty("count", out var c) && (c.ValueKind != JsonValueKind.Number || !c.TryGetInt32(out var n) || n is < 1 or > 1_000_000))
            || (appId is not null && !_apps.ContainsKey(appId)))
        {
            return BadRequest("Send {\"api\":\"jscode2session|stable_token|token|checksession|msg_sec_check|media_check_async\",\"errcode\":45011,\"count\":1,\"appid\":\"(optional: one app)\"}: "
                + "errcode a 32-bit integer, count an integer from 1 to 1000000, appid one of the emulator's apps.");
        }

        var count = root.TryGetProperty("count", out var given) ? given.GetInt32() : 1;
        InjectFault(api, code, count, appId);
        return Ok(writer => writer.WriteNumber("count", count));
    }

    internal EmulatorResponse Clock(string? body)
    {
        using var document = JsonDocument.Parse(body is null or "" ? "{}" : body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("advanceSeconds", out var advance)
            || advance.ValueKind != JsonValueKind.Number || !advance.TryGetInt64(out var seconds) || seconds is < 0 or > 10L * 366 * 24 * 3600)
        {
            return BadRequest("Send {\"advanceSeconds\": N}: a whole number of seconds from 0 (just read the clock) to ten years.");
        }

        var now = AdvanceClock(TimeSpan.FromSeconds(seconds));
        return Ok(writer => writer.WriteNumber("now", now.ToUnixTimeSeconds()));
    }

    // ---- helpers ----

    /// <summary>A reply of WeChat's API, labelled <c>text/plain</c> for an app with <see cref="EmulatorApp.ReplyAsTextPlain"/>.</summary>
    private EmulatorResponse ForApp(string? appId, EmulatorResponse response)
        => appId is not null && _apps.TryGetValue(appId, out var app) && app.ReplyAsTextPlain ? response with { ContentType = "text/plain" } : response;

    private static bool SecretMatches(EmulatorApp app, string? secret)
        => secret is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(app.AppSecret), Encoding.UTF8.GetBytes(secret));

    private static string? String(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            throw new EmulatorBadRequestException($"{name} holds an escape that is not valid UTF-16 (a lone surrogate such as \\ud800).");
        }
    }

    /// <summary>A WeChat-style reply: HTTP 200 with errcode and errmsg (and a request id, as WeChat appends).</summary>
    private static EmulatorResponse WeChatError(int errCode) => new(200, Write(writer =>
    {
        writer.WriteNumber("errcode", errCode);
        writer.WriteString("errmsg", errCode == 0 ? "ok" : $"{ErrMsgOf(errCode)}, rid: {RandomToken(9)}");
    }));

    private static string ErrMsgOf(int errCode) => errCode switch
    {
        -1 => "system error",
        40001 => "invalid credential, access_token is invalid or not latest",
        40002 => "invalid grant_type",
        40003 => "invalid openid",
        40013 => "invalid appid",
        40029 => "invalid code",
        40125 => "invalid appsecret",
        40163 => "code been used",
        40226 => "invalid login rank",
        40129 => "invalid scene",
        41001 => "access_token missing",
        41002 => "appid missing",
        41004 => "appsecret missing",
        41008 => "missing code",
        42001 => "access_token expired",
        45009 => "reach max api daily quota limit",
        43104 => "appid and openid not match",
        43302 => "http method error, need post",
        44002 => "empty post data",
        45011 => "api minute-quota reach limit  mustslower  retry next minute",
        47001 => "data format error",
        61010 => "user is not accessed recently",
        87009 => "invalid signature",
        _ => "error " + errCode.ToString(CultureInfo.InvariantCulture),
    };

    private static EmulatorResponse Ok(Action<Utf8JsonWriter> members) => new(200, Write(members));

    private static EmulatorResponse BadRequest(string message, int status = 400) => new(status, Message(message));

    /// <summary>The body of every refusal: <c>{"message": "..."}</c>.</summary>
    internal static string Message(string message) => Write(writer => writer.WriteString("message", message));

    private static string Write(Action<Utf8JsonWriter> members) => WriteJson(writer =>
    {
        writer.WriteStartObject();
        members(writer);
        writer.WriteEndObject();
    });

    private static string WriteArray(Action<Utf8JsonWriter> items) => WriteJson(writer =>
    {
        writer.WriteStartArray();
        items(writer);
        writer.WriteEndArray();
    });

    private static string WriteJson(Action<Utf8JsonWriter> value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            value(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
