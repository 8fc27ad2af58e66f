using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>
/// WeChat's content security, version 2, as the emulator plays it: <c>msg_sec_check</c> answers at once by the app's
/// words and a short default list; <c>media_check_async</c> answers a trace id, downloads the media itself (127.0.0.1
/// included, bounded in bytes and time), and pushes the <c>wxa_media_check</c> verdict to the app's push URL in its
/// mode and format, signed and encrypted as WeChat does, after the app's delay, retrying a push that is not acknowledged.
/// </summary>
public sealed partial class WeChatEmulator
{
    /// <summary>The longest text msg_sec_check takes.</summary>
    internal const int MaxTextLength = 2500;

    /// <summary>The largest media file media_check_async downloads (WeChat: 10 MB).</summary>
    internal const int MaxMediaBytes = 10 * 1024 * 1024;

    /// <summary>How many times a push is delivered before the emulator gives up: the first time and three retries.</summary>
    internal const int PushAttempts = 4;

    /// <summary>How long a user counts as active after <c>wx.login</c>, for msg_sec_check's 61010.</summary>
    internal static readonly TimeSpan ActiveWindow = TimeSpan.FromHours(2);

    private const int PushLogCapacity = 1_000;
    private static readonly TimeSpan OutboundTimeout = TimeSpan.FromSeconds(10);

    // The default list: a few words a test can rely on, whatever the app sets.
    private static readonly (string Word, int Label)[] DefaultRiskyWords = [("赌博", ContentLabels.Crime), ("色情", ContentLabels.Porn), ("诈骗", ContentLabels.Fraud), ("傻逼", ContentLabels.Abuse), ("fuck", ContentLabels.Vulgar)];
    private static readonly (string Word, int Label)[] DefaultReviewWords = [("加微信", ContentLabels.Ads), ("代购", ContentLabels.Ads)];

    private readonly ConcurrentDictionary<(string AppId, string User), DateTimeOffset> _lastLogins = new();
    private readonly ConcurrentDictionary<(string AppId, string OpenId), ConcurrentQueue<(ContentSuggest Suggest, int Label)>> _mediaVerdicts = new();
    private readonly ConcurrentQueue<EmulatorPush> _pushes = new();
    private readonly ConcurrentDictionary<Task, byte> _deliveries = new();
    // Downloads and pushes go over one shared client (pooled connections, renewed every few minutes), or through the
    // handler RouteOutboundTo named.
    private static readonly HttpClient SharedOutbound = new(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(5), PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = OutboundTimeout,
    };

    private HttpMessageHandler? _routed;

    /// <summary>
    /// Sends the emulator's own requests (media downloads, pushes) through <paramref name="handler"/>, such as an
    /// in-process test server's, instead of the network: for a backend that runs without a port.
    /// </summary>
    /// <param name="handler">The handler; the emulator does not dispose it.</param>
    /// <returns>This emulator, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is <see langword="null"/>.</exception>
    public WeChatEmulator RouteOutboundTo(HttpMessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _routed = handler;
        return this;
    }

    /// <summary>Sets the verdict of the next media check started for (<paramref name="appId"/>, <paramref name="openId"/>); verdicts queue in the order checks start.</summary>
    /// <param name="appId">The mini program.</param>
    /// <param name="openId">The user's openid in it.</param>
    /// <param name="suggest">The verdict.</param>
    /// <param name="label">Its label (see <see cref="ContentLabels"/>).</param>
    /// <returns>This emulator, for chaining.</returns>
    /// <exception cref="ArgumentException">The app is unknown, or <paramref name="openId"/> is empty.</exception>
    public WeChatEmulator SetNextMediaVerdict(string appId, string openId, ContentSuggest suggest, int label)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        if (!_apps.ContainsKey(appId))
        {
            throw new ArgumentException($"Unknown appid '{appId}'.", nameof(appId));
        }

        _mediaVerdicts.GetOrAdd((appId, openId), _ => new ConcurrentQueue<(ContentSuggest, int)>()).Enqueue((suggest, label));
        return this;
    }

    /// <summary>Gets the pushes delivered or attempted, oldest first: the last 1,000. Never a secret or a body.</summary>
    /// <returns>The pushes.</returns>
    public IReadOnlyList<EmulatorPush> GetPushes() => [.. _pushes];

    /// <summary>
    /// Completes when every media check started so far has pushed its verdict and heard the backend's answer, or given
    /// up: for a test to wait on, rather than on time.
    /// </summary>
    /// <returns>A task that completes when no push is pending.</returns>
    public Task WhenPushesSettled() => Task.WhenAll(_deliveries.Keys);

    // ---- WeChat's API ----
    internal EmulatorResponse MsgSecCheck(string method, IReadOnlyDictionary<string, string> query, string? body)
    {
        var errCode = ContentRequestError("msg_sec_check", method, query, body, out var app, out _, out var fields);
        string? content = null;
        if (errCode == 0)
        {
            content = fields!.GetValueOrDefault("content");
            errCode = content is null or "" ? WeChatErrCodes.EmptyPostData : content.Length > MaxTextLength ? WeChatErrCodes.DataFormatError : 0;
        }

        Record("msg_sec_check", app?.AppId, errCode);
        if (errCode != 0)
        {
            return ForApp(app?.AppId, WeChatError(errCode));
        }

        var given = fields!;
        var text = string.Join("\n", new[] { content, given.GetValueOrDefault("nickname"), given.GetValueOrDefault("title"), given.GetValueOrDefault("signature") }.Where(static t => t is not null));
        var (suggest, label, keyword) = TextVerdict(app!, text);
        return ForApp(app!.AppId, Ok(writer =>
        {
            writer.WriteNumber("errcode", 0);
            writer.WriteString("errmsg", "ok");
            WriteResult(writer, suggest, label);
            writer.WriteStartArray("detail");
            WriteDetail(writer, "content_model", suggest, label, ("prob", suggest == ContentSuggest.Pass ? 0 : 90));
            if (keyword is not null)
            {
                WriteDetail(writer, "keyword", suggest, label, ("level", 20), keyword);
            }

            writer.WriteEndArray();
            writer.WriteString("trace_id", TraceId());
        }));
    }

    internal EmulatorResponse MediaCheckAsync(string method, IReadOnlyDictionary<string, string> query, string? body)
    {
        var errCode = ContentRequestError("media_check_async", method, query, body, out var app, out var openId, out var fields);
        Uri? mediaUrl = null;
        var mediaType = 0;
        if (errCode == 0 && fields is { } given
            && (!Uri.TryCreate(given.GetValueOrDefault("media_url"), UriKind.Absolute, out mediaUrl) || mediaUrl.Scheme is not ("http" or "https") || mediaUrl.AbsoluteUri.Length > 2048
                || !int.TryParse(given.GetValueOrDefault("media_type"), NumberStyles.None, CultureInfo.InvariantCulture, out mediaType) || mediaType is not (1 or 2)))
        {
            errCode = WeChatErrCodes.DataFormatError;
        }

        Record("media_check_async", app?.AppId, errCode);
        if (errCode != 0)
        {
            return ForApp(app?.AppId, WeChatError(errCode));
        }

        var traceId = TraceId();
        // The queued verdict belongs to this check, the one started next, however the downloads of several checks interleave.
        (ContentSuggest Suggest, int Label)? queued = _mediaVerdicts.TryGetValue((app!.AppId, openId!), out var verdicts) && verdicts.TryDequeue(out var next) ? next : null;
        var delivery = DeliverMediaVerdictAsync(app!, openId!, mediaUrl!, mediaType, traceId, queued);
        _deliveries.TryAdd(delivery, 0);
        _ = delivery.ContinueWith(t => _deliveries.TryRemove(t, out _), TaskScheduler.Default);
        return ForApp(app!.AppId, Ok(writer =>
        {
            writer.WriteNumber("errcode", 0);
            writer.WriteString("errmsg", "ok");
            writer.WriteString("trace_id", traceId);
        }));
    }

    /// <summary>
    /// The checks both content APIs share, in WeChat's order: POST (43302), the access token (41001, 40001, 42001), an
    /// injected fault, the body (47001), version 2 (47001), the openid (40003; 43104 for another app's), the scene
    /// (40129), and the user's activity within 2 hours (61010).
    /// </summary>
    private int ContentRequestError(string api, string method, IReadOnlyDictionary<string, string> query, string? body, out EmulatorApp? app, out string? openId, out Dictionary<string, string>? fields)
    {
        app = null;
        openId = null;
        fields = null;
        if (!method.Equals("POST", StringComparison.OrdinalIgnoreCase))
        {
            return WeChatErrCodes.RequiresPost;
        }

        var tokenError = CheckAccessToken(query.GetValueOrDefault("access_token"), out var appId);
        if (tokenError != 0 || !_apps.TryGetValue(appId!, out app))
        {
            return tokenError != 0 ? tokenError : WeChatErrCodes.InvalidCredential;
        }

        if (TryTakeFault(api, appId!, out var fault))
        {
            return fault;
        }

        fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(body is null or "" ? "null" : body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return WeChatErrCodes.DataFormatError;
            }

            foreach (var member in document.RootElement.EnumerateObject())
            {
                if (member.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                {
                    fields[member.Name] = member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString()! : member.Value.GetRawText();
                }
            }
        }
        catch (JsonException)
        {
            return WeChatErrCodes.DataFormatError;
        }

        if (fields.GetValueOrDefault("version") != "2")
        {
            return WeChatErrCodes.DataFormatError;
        }

        var givenOpenId = fields.GetValueOrDefault("openid");
        openId = givenOpenId;
        var tokenAppId = appId!;
        var user = givenOpenId is null ? null : _users.Keys.FirstOrDefault(u => OpenIdOf(tokenAppId, u) == givenOpenId);
        if (user is null)
        {
            var otherApp = givenOpenId is not null && _apps.Keys.Any(a => a != tokenAppId && _users.Keys.Any(u => OpenIdOf(a, u) == givenOpenId));
            return otherApp ? WeChatErrCodes.AppIdOpenIdMismatch : WeChatErrCodes.InvalidOpenId;
        }

        if (!int.TryParse(fields.GetValueOrDefault("scene"), NumberStyles.None, CultureInfo.InvariantCulture, out var scene) || scene is < 1 or > 4)
        {
            return WeChatErrCodes.InvalidScene;
        }

        return _lastLogins.TryGetValue((tokenAppId, user), out var login) && Now - login <= ActiveWindow ? 0 : WeChatErrCodes.UserNotRecentlyActive;
    }

    private static (ContentSuggest Suggest, int Label, string? Keyword) TextVerdict(EmulatorApp app, string text)
    {
        foreach (var (word, label) in app.RiskyWords.Select(static w => (w.Key, w.Value)).Concat(DefaultRiskyWords))
        {
            if (text.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return (ContentSuggest.Risky, label, word);
            }
        }

        foreach (var (word, label) in app.ReviewWords.Select(static w => (w.Key, w.Value)).Concat(DefaultReviewWords))
        {
            if (text.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return (ContentSuggest.Review, label, word);
            }
        }

        return (ContentSuggest.Pass, ContentLabels.Normal, null);
    }

    // ---- the verdict's push ----
    private async Task DeliverMediaVerdictAsync(EmulatorApp app, string openId, Uri mediaUrl, int mediaType, string traceId, (ContentSuggest Suggest, int Label)? queued)
    {
        try
        {
            await Task.Delay(app.PushDelay, _timeProvider).ConfigureAwait(false);
            var (errCode, suggest, label) = await CheckMediaAsync(mediaUrl, mediaType, queued).ConfigureAwait(false);
            await PushAsync(app, WeChatMediaCheckEvent.EventName, traceId, MediaCheckEvent(app, openId, traceId, errCode, suggest, label)).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A delivery runs on its own: whatever fails is recorded in the push log, never thrown into nothing.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            RecordPush(new EmulatorPush(app.AppId, WeChatMediaCheckEvent.EventName, traceId, 0, null, false, $"The emulator could not deliver the verdict: {ex.GetType().Name}."));
        }
    }

    /// <summary>Downloads the media as WeChat does and decides: a queued verdict, else an image in a format WeChat takes passes; -1008 when it cannot be fetched.</summary>
    private async Task<(int ErrCode, ContentSuggest Suggest, int Label)> CheckMediaAsync(Uri mediaUrl, int mediaType, (ContentSuggest Suggest, int Label)? queued)
    {
        byte[] media;
        try
        {
            var client = Outbound();
            using var response = await client.GetAsync(mediaUrl, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxMediaBytes)
            {
                return (WeChatErrCodes.MediaDownloadFailed, ContentSuggest.Review, ContentLabels.Normal);
            }

            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            using var copy = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                copy.Write(buffer, 0, read);
                if (copy.Length > MaxMediaBytes)
                {
                    return (WeChatErrCodes.MediaDownloadFailed, ContentSuggest.Review, ContentLabels.Normal);
                }
            }

            media = copy.ToArray();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return (WeChatErrCodes.MediaDownloadFailed, ContentSuggest.Review, ContentLabels.Normal);
        }

        if (queued is { } verdict)
        {
            return (0, verdict.Suggest, verdict.Label);
        }

        return mediaType == 2 && !IsImage(media) ? (0, ContentSuggest.Risky, ContentLabels.Other) : (0, ContentSuggest.Pass, ContentLabels.Normal);
    }

    /// <summary>An image in a format WeChat takes, by its signature: PNG, JPEG, GIF, WebP or BMP.</summary>
    private static bool IsImage(ReadOnlySpan<byte> media)
        => media.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            || media.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
            || media.StartsWith("GIF87a"u8) || media.StartsWith("GIF89a"u8)
            || (media.Length >= 12 && media.StartsWith("RIFF"u8) && media.Slice(8, 4).SequenceEqual("WEBP"u8))
            || media.StartsWith("BM"u8);

    private string MediaCheckEvent(EmulatorApp app, string openId, string traceId, int errCode, ContentSuggest suggest, int label)
    {
        var toUser = "gh_" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(app.AppId)))[..12].ToLowerInvariant();
        var createTime = Now.ToUnixTimeSeconds();
        var errMsg = errCode == 0 ? "ok" : "media download failed";
        if (app.PushFormat == WeChatPushFormat.Xml)
        {
            var xml = new XElement(
                "xml",
                new XElement("ToUserName", new XCData(toUser)),
                new XElement("FromUserName", new XCData(openId)),
                new XElement("CreateTime", createTime),
                new XElement("MsgType", new XCData("event")),
                new XElement("Event", new XCData(WeChatMediaCheckEvent.EventName)),
                new XElement("appid", new XCData(app.AppId)),
                new XElement("trace_id", new XCData(traceId)),
                new XElement("version", 2),
                errCode == 0
                    ? new XElement("detail", new XElement("strategy", new XCData("content_model")), new XElement("errcode", 0), new XElement("suggest", new XCData(Wire(suggest))), new XElement("label", label), new XElement("prob", 90))
                    : null,
                new XElement("errcode", errCode),
                new XElement("errmsg", new XCData(errMsg)),
                errCode == 0 ? new XElement("result", new XElement("suggest", new XCData(Wire(suggest))), new XElement("label", label)) : null);
            return xml.ToString(SaveOptions.DisableFormatting);
        }

        return Write(writer =>
        {
            writer.WriteString("ToUserName", toUser);
            writer.WriteString("FromUserName", openId);
            writer.WriteNumber("CreateTime", createTime);
            writer.WriteString("MsgType", "event");
            writer.WriteString("Event", WeChatMediaCheckEvent.EventName);
            writer.WriteString("appid", app.AppId);
            writer.WriteString("trace_id", traceId);
            writer.WriteNumber("version", 2);
            writer.WriteStartArray("detail");
            if (errCode == 0)
            {
                WriteDetail(writer, "content_model", suggest, label, ("prob", 90));
            }

            writer.WriteEndArray();
            writer.WriteNumber("errcode", errCode);
            writer.WriteString("errmsg", errMsg);
            if (errCode == 0)
            {
                WriteResult(writer, suggest, label);
            }
        });
    }

    /// <summary>Delivers a push to the app's push URL as WeChat does, retrying one the backend does not acknowledge with <c>success</c>.</summary>
    private async Task PushAsync(EmulatorApp app, string eventName, string traceId, string message)
    {
        if (app.PushUrl is null || string.IsNullOrEmpty(app.PushToken))
        {
            RecordPush(new EmulatorPush(app.AppId, eventName, traceId, 0, null, false, "Not delivered: the app has no push URL and Token (serve --push-url --push-token, or PUT /emulator/apps/{appid}/push)."));
            return;
        }

        WeChatPushWriter writer;
        try
        {
            writer = new WeChatPushWriter(new WeChatPushOptions { AppId = app.AppId, Token = app.PushToken, EncodingAesKey = app.PushEncodingAesKey, Mode = app.PushMode }, _clock);
        }
        catch (ArgumentException ex)
        {
            RecordPush(new EmulatorPush(app.AppId, eventName, traceId, 0, null, false, "Not delivered: " + ex.Message));
            return;
        }

        for (var attempt = 1; attempt <= PushAttempts; attempt++)
        {
            var push = writer.Write(message);
            var target = new UriBuilder(app.PushUrl) { Query = (app.PushUrl.Query.Length > 1 ? app.PushUrl.Query[1..] + "&" : string.Empty) + push.Query.ToQueryString() }.Uri;
            int? status = null;
            var acknowledged = false;
            string note;
            try
            {
                using var content = new StringContent(push.Body, Encoding.UTF8, push.ContentType);
                var client = Outbound();
                using var response = await client.PostAsync(target, content).ConfigureAwait(false);
                status = (int)response.StatusCode;
                var answer = (await response.Content.ReadAsStringAsync().ConfigureAwait(false)).Trim();
                acknowledged = response.IsSuccessStatusCode && answer is "success" or "";
                note = acknowledged ? "Delivered and acknowledged." : $"The backend answered HTTP {status} without 'success'.";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                note = $"The push URL could not be reached ({ex.GetType().Name}).";
            }

            RecordPush(new EmulatorPush(app.AppId, eventName, traceId, attempt, status, acknowledged, note + (acknowledged || attempt == PushAttempts ? string.Empty : " WeChat pushes again.")));
            if (acknowledged)
            {
                return;
            }

            if (attempt < PushAttempts)
            {
                await Task.Delay(app.PushDelay, _timeProvider).ConfigureAwait(false);
            }
        }
    }

    private void RecordPush(EmulatorPush push)
    {
        _pushes.Enqueue(push);
        while (_pushes.Count > PushLogCapacity && _pushes.TryDequeue(out _))
        {
        }
    }

    /// <summary>The client of one outbound request: the shared one, or a thin one over the routed handler (not disposing it).</summary>
    private HttpClient Outbound() => _routed is { } routed ? new HttpClient(routed, disposeHandler: false) { Timeout = OutboundTimeout } : SharedOutbound;

    // ---- the test hooks ----
    /// <summary><c>POST /emulator/media-verdicts {"appid","openid","suggest","label"}</c>: the verdict of that user's next media check.</summary>
    internal EmulatorResponse MediaVerdicts(string? body)
    {
        using var document = JsonDocument.Parse(body is null or "" ? "{}" : body);
        var root = document.RootElement;
        var (appId, openId, suggest) = (String(root, "appid"), String(root, "openid"), String(root, "suggest"));
        int? label = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.Number && l.TryGetInt32(out var n) ? n : null;
        if (appId is null || !_apps.ContainsKey(appId) || openId is null or "" || suggest is not ("pass" or "review" or "risky")
            || (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("label", out _) && label is null))
        {
            return BadRequest("Send {\"appid\":\"(an app of the emulator)\",\"openid\":\"o…\",\"suggest\":\"pass|review|risky\",\"label\":20002}: label an integer, optional (100 for pass, 21000 otherwise).");
        }

        var verdict = suggest switch { "pass" => ContentSuggest.Pass, "review" => ContentSuggest.Review, _ => ContentSuggest.Risky };
        SetNextMediaVerdict(appId, openId, verdict, label ?? (verdict == ContentSuggest.Pass ? ContentLabels.Normal : ContentLabels.Other));
        return Ok(writer => writer.WriteNumber("queued", _mediaVerdicts[(appId, openId)].Count));
    }

    /// <summary><c>PUT /emulator/apps/{appid}/push {"url","token","encodingAesKey","mode","format","delaySeconds"}</c>: the app's push settings.</summary>
    internal EmulatorResponse PutPush(string appId, string? body)
    {
        if (!_apps.TryGetValue(appId, out var app))
        {
            return BadRequest($"Unknown appid '{appId}'.", 404);
        }

        using var document = JsonDocument.Parse(body is null or "" ? "{}" : body);
        var root = document.RootElement;
        var url = String(root, "url");
        var mode = String(root, "mode") ?? "secure";
        var format = String(root, "format") ?? "json";
        var delay = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("delaySeconds", out var d) ? d : default;
        var options = new WeChatPushOptions { AppId = appId, Token = String(root, "token"), EncodingAesKey = String(root, "encodingAesKey"), Mode = ParseMode(mode) };
        var problems = options.GetValidationErrors().ToList();
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var pushUrl) || pushUrl.Scheme is not ("http" or "https"))
        {
            problems.Insert(0, "url must be the backend's absolute http or https push URL.");
            pushUrl = null;
        }

        if (format is not ("json" or "xml"))
        {
            problems.Add("format must be json or xml.");
        }

        if (delay.ValueKind != JsonValueKind.Undefined && (delay.ValueKind != JsonValueKind.Number || !delay.TryGetInt32(out var seconds) || seconds is < 0 or > 1800))
        {
            problems.Add("delaySeconds must be a whole number from 0 to 1800 (WeChat pushes within 30 minutes).");
        }

        if (problems.Count > 0)
        {
            return BadRequest(string.Join(" ", problems.Select(static p => p.Replace("EncodingAesKey", "encodingAesKey", StringComparison.Ordinal).Replace("Token", "token", StringComparison.Ordinal).Replace("Mode", "mode", StringComparison.Ordinal))));
        }

        _apps[appId] = app with
        {
            PushUrl = pushUrl,
            PushToken = options.Token,
            PushEncodingAesKey = options.EncodingAesKey,
            PushMode = options.Mode,
            PushFormat = format == "xml" ? WeChatPushFormat.Xml : WeChatPushFormat.Json,
            PushDelay = delay.ValueKind == JsonValueKind.Number ? TimeSpan.FromSeconds(delay.GetInt32()) : app.PushDelay,
        };
        return Ok(writer => writer.WriteString("appid", appId));
    }

    /// <summary><c>GET /emulator/pushes[?last=N]</c>: the pushes delivered or attempted, oldest first.</summary>
    internal EmulatorResponse Pushes(IReadOnlyDictionary<string, string> query)
    {
        var last = query.TryGetValue("last", out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= PushLogCapacity ? n : PushLogCapacity;
        var pushes = GetPushes();
        return new(200, JsonSerializer.Serialize(pushes.Skip(Math.Max(0, pushes.Count - last)).ToList(), EmulatorJsonContext.Default.ListEmulatorPush));
    }

    /// <summary>A push mode by its lowercase name, or one outside the enumeration (which validation names) for any other.</summary>
    private static WeChatPushMode ParseMode(string mode) => mode switch
    {
        "plaintext" => WeChatPushMode.Plaintext,
        "compatible" => WeChatPushMode.Compatible,
        "secure" => WeChatPushMode.Secure,
        _ => (WeChatPushMode)(-1),
    };

    /// <summary>A verdict's <c>result</c>: <c>{"suggest","label"}</c>.</summary>
    private static void WriteResult(Utf8JsonWriter writer, ContentSuggest suggest, int label)
    {
        writer.WriteStartObject("result");
        writer.WriteString("suggest", Wire(suggest));
        writer.WriteNumber("label", label);
        writer.WriteEndObject();
    }

    /// <summary>One strategy's <c>detail</c>: a model's with its <c>prob</c>, or a keyword list's with its <c>level</c> and <c>keyword</c>.</summary>
    private static void WriteDetail(Utf8JsonWriter writer, string strategy, ContentSuggest suggest, int label, (string Name, int Value) score, string? keyword = null)
    {
        writer.WriteStartObject();
        writer.WriteString("strategy", strategy);
        writer.WriteNumber("errcode", 0);
        writer.WriteString("suggest", Wire(suggest));
        writer.WriteNumber("label", label);
        writer.WriteNumber(score.Name, score.Value);
        if (keyword is not null)
        {
            writer.WriteString("keyword", keyword);
        }

        writer.WriteEndObject();
    }

    private static string Wire(ContentSuggest suggest) => suggest switch
    {
        ContentSuggest.Pass => "pass",
        ContentSuggest.Review => "review",
        _ => "risky",
    };

    private static string TraceId()
    {
        Span<byte> random = stackalloc byte[12];
        RandomNumberGenerator.Fill(random);
        var hex = Convert.ToHexString(random).ToLowerInvariant();
        return $"{hex[..8]}-{hex[8..16]}-{hex[16..]}";
    }
}
