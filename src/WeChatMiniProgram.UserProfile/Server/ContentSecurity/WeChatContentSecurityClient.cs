using System.Net.Http;
using System.Text;
using System.Text.Json;
using WeChatMiniProgram.UserProfile.Validation;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// WeChat's content security, version 2: msgSecCheck checks a text at once; mediaCheckAsync starts a check of an image
/// or audio file WeChat downloads itself, whose verdict arrives later as a <c>wxa_media_check</c> push
/// (<see cref="WeChatPushReceiver"/>).
/// </summary>
/// <remarks>
/// A typed client over an injected <see cref="HttpClient"/>, beside <see cref="WeChatLoginClient"/> and over the same
/// options and access tokens: a token WeChat rejects (40001, 42001) is renewed in normal mode and the call made once
/// more, never by forcing a refresh first. Every errcode becomes a <see cref="WeChatApiException"/> whose reason says
/// what to do; bounds are checked before any call. Thread-safe.
/// </remarks>
public sealed class WeChatContentSecurityClient
{
    /// <summary>The longest text msgSecCheck takes, in UTF-16 code units (WeChat documents 2,500 characters).</summary>
    public const int MaxTextLength = 2500;

    /// <summary>The longest media URL this client sends.</summary>
    public const int MaxMediaUrlLength = 2048;

    private readonly Func<HttpClient> _httpClient;
    private readonly WeChatApiOptions _options;
    private readonly WeChatAccessTokenProvider _accessTokens;
    private readonly TimeProvider _timeProvider;
    private readonly WeChatServerObserver _observer;

    /// <summary>Initializes a new instance of the <see cref="WeChatContentSecurityClient"/> class.</summary>
    /// <param name="httpClient">The client to send with (from IHttpClientFactory, or your own long-lived one).</param>
    /// <param name="options">The app's credentials and the API address; validated here and read once.</param>
    /// <param name="accessTokens">The app's one access-token provider, shared with the login client; <see langword="null"/> makes one for this instance.</param>
    /// <param name="timeProvider">The clock for retry delays; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="observer">Hears busy retries and rejected access tokens; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="httpClient"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public WeChatContentSecurityClient(HttpClient httpClient, WeChatApiOptions options, WeChatAccessTokenProvider? accessTokens = null, TimeProvider? timeProvider = null, WeChatServerObserver? observer = null)
        : this(Keep(httpClient), options, accessTokens, timeProvider, observer)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WeChatContentSecurityClient"/> class that takes a client per request.</summary>
    /// <param name="httpClientFactory">Makes the client for each request, such as <c>() =&gt; factory.CreateClient(name)</c>.</param>
    /// <param name="options">The app's credentials and the API address; validated here and read once.</param>
    /// <param name="accessTokens">The app's one access-token provider; <see langword="null"/> makes one for this instance, over the same factory.</param>
    /// <param name="timeProvider">The clock for retry delays; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="observer">Hears busy retries and rejected access tokens; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="httpClientFactory"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public WeChatContentSecurityClient(Func<HttpClient> httpClientFactory, WeChatApiOptions options, WeChatAccessTokenProvider? accessTokens = null, TimeProvider? timeProvider = null, WeChatServerObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        OptionsErrors.ThrowIfAny(nameof(WeChatApiOptions), options.GetValidationErrors());
        _httpClient = httpClientFactory;
        _options = options.Clone();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _observer = observer ?? WeChatServerObserver.None;
        _accessTokens = accessTokens ?? new WeChatAccessTokenProvider(httpClientFactory, _options, _timeProvider, _observer);
    }

    /// <summary>
    /// Checks a text with msgSecCheck v2: <c>POST {base}/wxa/msg_sec_check?access_token=…</c> with
    /// <c>{"version":2,"openid","scene","content"}</c>.
    /// </summary>
    /// <param name="openId">The user who wrote it; WeChat requires that they opened the mini program within the last 2 hours.</param>
    /// <param name="content">The text: 1 to <see cref="MaxTextLength"/> characters of valid UTF-16.</param>
    /// <param name="scene">Where it appears.</param>
    /// <param name="cancellationToken">Cancels the request and any retry wait.</param>
    /// <returns>WeChat's verdict.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="openId"/> is empty; <paramref name="content"/> is empty, longer than <see cref="MaxTextLength"/> or
    /// holds a lone surrogate; <paramref name="scene"/> is not one WeChat defines.
    /// </exception>
    /// <exception cref="WeChatApiException">
    /// WeChat answered with an errcode (61010: the user has not opened the mini program within 2 hours; 40003, 43104,
    /// 40129, 44002, 47001, -1, ...), or with a reply that carries no verdict.
    /// </exception>
    public async Task<TextCheckVerdict> CheckTextAsync(string openId, string content, ContentScene scene, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(openId);
        ArgumentException.ThrowIfNullOrEmpty(content);
        CheckScene(scene);
        if (content.Length > MaxTextLength)
        {
            throw new ArgumentException($"msgSecCheck takes at most {MaxTextLength} characters; this text has {content.Length}. Bound it before checking.", nameof(content));
        }

        if (!IsValidUtf16(content))
        {
            throw new ArgumentException("The text holds a lone surrogate, which is not UTF-8: refuse it before checking.", nameof(content));
        }

        var body = JsonSerializer.Serialize(new TextCheckRequest(2, openId, (int)scene, content), ContentSecurityJsonContext.Default.TextCheckRequest);
        var reply = await SendAsync("msgSecCheck", "wxa/msg_sec_check", body, cancellationToken).ConfigureAwait(false);
        if (reply.Result is not { } result || ContentSecurityJsonContext.ParseSuggest(result.Suggest) is not { } suggest || reply.TraceId is null or "")
        {
            throw new WeChatApiException("msgSecCheck: WeChat's reply carried neither a verdict (result.suggest, trace_id) nor an errcode. Check WeChatApiOptions.ApiBaseAddress.");
        }

        return new TextCheckVerdict(suggest, result.Label ?? ContentLabels.Normal, reply.TraceId, ContentSecurityJsonContext.Details(reply.Detail));
    }

    /// <summary>
    /// Starts a check of an image or audio file with mediaCheckAsync v2: <c>POST {base}/wxa/media_check_async?access_token=…</c>
    /// with <c>{"media_url","media_type","version":2,"openid","scene"}</c>. WeChat downloads <paramref name="mediaUrl"/>
    /// itself (files up to 10 MB) and pushes the verdict within 30 minutes as a <c>wxa_media_check</c> event with the same
    /// trace id; a URL it cannot fetch gives errcode -1008 in that event.
    /// </summary>
    /// <param name="openId">The user who sent it.</param>
    /// <param name="mediaUrl">An absolute http or https URL WeChat can download, at most <see cref="MaxMediaUrlLength"/> characters.</param>
    /// <param name="mediaType">Image or audio.</param>
    /// <param name="scene">Where it appears.</param>
    /// <param name="cancellationToken">Cancels the request and any retry wait.</param>
    /// <returns>The trace id the verdict's push will carry.</returns>
    /// <exception cref="ArgumentException">An argument is empty, out of range, or not an absolute http(s) URL.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="mediaUrl"/> is <see langword="null"/>.</exception>
    /// <exception cref="WeChatApiException">WeChat answered with an errcode, or with a reply that carries no trace id.</exception>
    public async Task<string> StartMediaCheckAsync(string openId, Uri mediaUrl, ContentMediaType mediaType, ContentScene scene, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(openId);
        ArgumentNullException.ThrowIfNull(mediaUrl);
        CheckScene(scene);
        if (mediaType is not (ContentMediaType.Audio or ContentMediaType.Image))
        {
            throw new ArgumentException("mediaType must be Audio (1) or Image (2).", nameof(mediaType));
        }

        if (!mediaUrl.IsAbsoluteUri || (mediaUrl.Scheme != Uri.UriSchemeHttp && mediaUrl.Scheme != Uri.UriSchemeHttps) || mediaUrl.AbsoluteUri.Length > MaxMediaUrlLength)
        {
            throw new ArgumentException($"mediaUrl must be an absolute http or https URL of at most {MaxMediaUrlLength} characters that WeChat can download.", nameof(mediaUrl));
        }

        var body = JsonSerializer.Serialize(new MediaCheckRequest(mediaUrl.AbsoluteUri, (int)mediaType, 2, openId, (int)scene), ContentSecurityJsonContext.Default.MediaCheckRequest);
        var reply = await SendAsync("mediaCheckAsync", "wxa/media_check_async", body, cancellationToken).ConfigureAwait(false);
        return reply.TraceId is { Length: > 0 } traceId
            ? traceId
            : throw new WeChatApiException("mediaCheckAsync: WeChat's reply carried neither a trace_id nor an errcode. Check WeChatApiOptions.ApiBaseAddress.");
    }

    /// <summary>Returns a description with the AppSecret left out.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"WeChatContentSecurityClient {{ AppId = {_options.AppId}, ApiBaseAddress = {_options.ApiBaseAddress} }}";

    /// <summary>Posts a body with the app's access token (renewed once if WeChat rejects it); any errcode but 0 throws.</summary>
    private async Task<ContentCheckReply> SendAsync(string api, string path, string body, CancellationToken cancellationToken)
    {
        var reply = await WeChatApiCaller.SendWithAccessTokenAsync(
            _httpClient,
            _options,
            _timeProvider,
            _observer,
            _accessTokens,
            api,
            token => new HttpRequestMessage(HttpMethod.Post, WeChatLoginClient.Endpoint(_options, path, "access_token=" + Uri.EscapeDataString(token)))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            },
            ContentSecurityJsonContext.Default.ContentCheckReply,
            static reply => reply.ErrCode,
            cancellationToken).ConfigureAwait(false);
        return reply.ErrCode is null or 0 ? reply : throw new WeChatApiException(api, reply.ErrCode.Value, reply.ErrMsg);
    }

    private static void CheckScene(ContentScene scene)
    {
        if (scene is not (ContentScene.Profile or ContentScene.Comment or ContentScene.Forum or ContentScene.SocialLog))
        {
            throw new ArgumentException("scene must be Profile (1), Comment (2), Forum (3) or SocialLog (4).", nameof(scene));
        }
    }

    private static bool IsValidUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static Func<HttpClient> Keep(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        return () => httpClient;
    }
}
