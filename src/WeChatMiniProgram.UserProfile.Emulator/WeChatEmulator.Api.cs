using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>One HTTP request as the emulator sees it, from Kestrel or from the in-process handler.</summary>
internal sealed record EmulatorRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string? Body);

/// <summary>The emulator's answer: a status code and a JSON body.</summary>
internal sealed record EmulatorResponse(int Status, string Json);

public sealed partial class WeChatEmulator
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Routes one request. Bad requests get a 400 that says what is wrong; nothing here throws for bad input.</summary>
    internal async Task<EmulatorResponse> HandleAsync(EmulatorRequest request, CancellationToken cancellationToken)
    {
        var route = (request.Method.ToUpperInvariant(), request.Path.TrimEnd('/'));
        try
        {
            return route switch
            {
                ("GET", "/sns/jscode2session") => Code2Session(request.Query),
                ("POST", "/cgi-bin/stable_token") => StableToken(request.Body),
                ("GET", "/cgi-bin/token") => Token(request.Query),
                ("GET", "/wxa/checksession") => CheckSession(request.Query),
                ("POST", "/emulator/login") => DeviceLogin(request.Body),
                ("POST", "/emulator/getUserProfile") => await DeviceGetUserProfileAsync(request.Body, cancellationToken).ConfigureAwait(false),
                ("POST", "/emulator/faults") => Faults(request.Body),
                ("PUT", _) when request.Path.StartsWith("/emulator/users/", StringComparison.Ordinal) => PutUser(Uri.UnescapeDataString(request.Path["/emulator/users/".Length..]), request.Body),
                _ => BadRequest($"No such endpoint: {request.Method} {request.Path}. The emulator answers GET /sns/jscode2session, POST /cgi-bin/stable_token, "
                    + "GET /cgi-bin/token, GET /wxa/checksession, POST /emulator/login, POST /emulator/getUserProfile, PUT /emulator/users/{user} "
                    + "and POST /emulator/faults.", 404),
            };
        }
        catch (JsonException)
        {
            return BadRequest("The request body is not valid JSON.");
        }
    }

    // ---- WeChat's server API ----
    private EmulatorResponse Code2Session(IReadOnlyDictionary<string, string> query)
    {
        if (TryTakeFault("jscode2session", out var fault))
        {
            return WeChatError(fault);
        }

        var appId = query.GetValueOrDefault("appid");
        if (appId is null or "" || !_apps.TryGetValue(appId, out var app))
        {
            return WeChatError(40013);
        }

        if (!SecretMatches(app, query.GetValueOrDefault("secret")))
        {
            return WeChatError(40125);
        }

        if (query.GetValueOrDefault("grant_type") != "authorization_code")
        {
            return WeChatError(40002);
        }

        var code = query.GetValueOrDefault("js_code");
        if (code is null or "")
        {
            return WeChatError(41008);
        }

        if (!_codes.TryGetValue(code, out var issued) || issued.AppId != appId
            || _timeProvider.GetUtcNow() - issued.IssuedAt > _options.CodeLifetime)
        {
            return WeChatError(40029);
        }

        lock (issued)
        {
            if (issued.Used)
            {
                return WeChatError(40163);
            }

            issued.Used = true;
        }

        return Ok(writer =>
        {
            writer.WriteString("session_key", issued.SessionKey);
            writer.WriteString("openid", OpenIdOf(appId, issued.User));
            if (app.IssueUnionId)
            {
                writer.WriteString("unionid", UnionIdOf(issued.User));
            }
        });
    }

    private EmulatorResponse StableToken(string? body)
    {
        using var document = JsonDocument.Parse(body is null or "" ? "{}" : body);
        var root = document.RootElement;
        return root.ValueKind != JsonValueKind.Object
            ? WeChatError(47001)
            : IssueToken("stable_token", String(root, "grant_type"), String(root, "appid"), String(root, "secret"));
    }

    private EmulatorResponse Token(IReadOnlyDictionary<string, string> query)
        => IssueToken("token", query.GetValueOrDefault("grant_type"), query.GetValueOrDefault("appid"), query.GetValueOrDefault("secret"));

    private EmulatorResponse IssueToken(string api, string? grantType, string? appId, string? secret)
    {
        if (TryTakeFault(api, out var fault))
        {
            return WeChatError(fault);
        }

        if (appId is null or "" || !_apps.TryGetValue(appId, out var app))
        {
            return WeChatError(40013);
        }

        if (!SecretMatches(app, secret))
        {
            return WeChatError(40125);
        }

        if (grantType != "client_credential")
        {
            return WeChatError(40002);
        }

        var token = RandomToken(48);
        _accessTokens[token] = (appId, _timeProvider.GetUtcNow().AddSeconds(AccessTokenLifetimeSeconds));
        return Ok(writer =>
        {
            writer.WriteString("access_token", token);
            writer.WriteNumber("expires_in", AccessTokenLifetimeSeconds);
        });
    }

    private EmulatorResponse CheckSession(IReadOnlyDictionary<string, string> query)
    {
        if (TryTakeFault("checksession", out var fault))
        {
            return WeChatError(fault);
        }

        if (!_accessTokens.TryGetValue(query.GetValueOrDefault("access_token") ?? string.Empty, out var token)
            || token.ExpiresAt <= _timeProvider.GetUtcNow())
        {
            return WeChatError(40001);
        }

        if (query.GetValueOrDefault("sig_method") != "hmac_sha256")
        {
            return WeChatError(87009);
        }

        var openId = query.GetValueOrDefault("openid");
        var user = _users.Keys.FirstOrDefault(u => OpenIdOf(token.AppId, u) == openId);
        if (user is null || !_sessionKeys.TryGetValue((token.AppId, user), out var sessionKey))
        {
            return WeChatError(40003);
        }

        var expected = Encoding.ASCII.GetBytes(Server.WeChatLoginClient.ComputeCheckSessionSignature(sessionKey));
        var given = Encoding.ASCII.GetBytes(query.GetValueOrDefault("signature") ?? string.Empty);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? WeChatError(0) : WeChatError(87009);
    }

    // ---- the phone ----
    private EmulatorResponse DeviceLogin(string? body)
    {
        using var document = JsonDocument.Parse(body is null or "" ? "{}" : body);
        var (appId, user) = (String(document.RootElement, "appid"), String(document.RootElement, "user"));
        if (appId is null or "" || user is null or "")
        {
            return BadRequest("Send {\"appid\":\"…\",\"user\":\"…\"}.");
        }

        return TryLogin(appId, user, out var code, out var problem) ? Ok(writer => writer.WriteString("code", code)) : BadRequest(problem);
    }

    private async Task<EmulatorResponse> DeviceGetUserProfileAsync(string? body, CancellationToken cancellationToken)
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
        if (consent is not ("allow" or "deny") || privacy is not ("agreed" or "denied" or "undeclared"))
        {
            return BadRequest("consent must be \"allow\" or \"deny\"; privacy must be \"agreed\", \"denied\" or \"undeclared\".");
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
                AppName = "Emulated mini program",
                BaseLibraryVersion = version ?? app.BaseLibraryVersion,
                EnableCloud = root.TryGetProperty("enableCloud", out var cloud) && cloud.ValueKind is JsonValueKind.True or JsonValueKind.False ? cloud.GetBoolean() : app.EnableCloud,
                PrivacyAgreementScopes = privacy == "undeclared" ? [] : [UserProfileClientOptions.UserInfoPrivacyScope],
                RequireUserGesture = false, // the request stands for the user's tap
                MaxCallsPerSecond = 0,
            },
            new InMemoryConsentPromptProvider(consent == "allow" ? ConsentDecision.Allow : ConsentDecision.Deny),
            new InMemoryUserProfileSource(profile),
            new InMemorySessionKeyProvider(_sessionKeys.GetValueOrDefault((app.AppId, user)) ?? string.Empty),
            new InMemoryPrivacyAuthorizationProvider(privacy == "denied" ? ConsentDecision.Deny : ConsentDecision.Allow),
            _timeProvider);

        try
        {
            var desc = root.TryGetProperty("desc", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            var result = await client.GetUserProfileAsync(new Option { Desc = desc, Lang = language }, cancellationToken).ConfigureAwait(false);
            return new EmulatorResponse(200, JsonSerializer.Serialize(result, UserProfileJson.SuccessCallbackResult));
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
            }));
        }
    }

    private EmulatorResponse PutUser(string user, string? body)
    {
        if (user.Length == 0 || user.Contains('/', StringComparison.Ordinal))
        {
            return BadRequest("PUT /emulator/users/{user} needs a user name.");
        }

        var profile = JsonSerializer.Deserialize(body is null or "" ? "null" : body, UserProfileJson.UserInfo);
        if (profile is null || ProfileProblem(profile) is { } problem)
        {
            return BadRequest(profile is null
                ? "Send a userInfo JSON object: nickName, gender, language, city, province, country, avatarUrl."
                : ProfileProblem(profile)!);
        }

        _users[user] = profile;
        return Ok(writer => writer.WriteString("user", user));
    }

    private EmulatorResponse Faults(string? body)
    {
        using var document = JsonDocument.Parse(body is null or "" ? "{}" : body);
        var root = document.RootElement;
        var api = String(root, "api");
        if (api is not ("jscode2session" or "stable_token" or "token" or "checksession")
            || !root.TryGetProperty("errcode", out var errCode) || errCode.ValueKind != JsonValueKind.Number)
        {
            return BadRequest("Send {\"api\":\"jscode2session|stable_token|token|checksession\",\"errcode\":-1,\"count\":1}.");
        }

        var count = root.TryGetProperty("count", out var c) && c.TryGetInt32(out var n) && n > 0 ? n : 1;
        InjectFault(api, errCode.GetInt32(), count);
        return Ok(writer => writer.WriteNumber("count", count));
    }

    // ---- helpers ----
    private static bool SecretMatches(EmulatorApp app, string? secret)
        => secret is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(app.AppSecret), Encoding.UTF8.GetBytes(secret));

    private static string? String(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

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
        41008 => "missing code",
        45011 => "api minute-quota reach limit  mustslower  retry next minute",
        47001 => "data format error",
        87009 => "invalid signature",
        _ => "error " + errCode.ToString(CultureInfo.InvariantCulture),
    };

    private static EmulatorResponse Ok(Action<Utf8JsonWriter> members) => new(200, Write(members));

    private static EmulatorResponse BadRequest(string message, int status = 400) => new(status, Write(writer => writer.WriteString("message", message)));

    private static string Write(Action<Utf8JsonWriter> members)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
