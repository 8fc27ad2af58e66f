using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using WeChatMiniProgram.UserProfile.Validation;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// The login half of WeChat's server API: code2Session, which turns a <c>wx.login</c> code into the user's openid and
/// session_key, and checkSessionKey, which asks whether a session key is still the user's current one.
/// </summary>
/// <remarks>
/// A typed client over an injected <see cref="HttpClient"/> (IHttpClientFactory-friendly); thread-safe. Every WeChat
/// errcode becomes a <see cref="WeChatApiException"/>; only -1 (system busy) is retried, with backoff. Session keys,
/// the AppSecret and access tokens never appear in exceptions or <see cref="ToString"/>.
/// </remarks>
public sealed class WeChatLoginClient
{
    private readonly Func<HttpClient> _httpClient;
    private readonly WeChatApiOptions _options;
    private readonly WeChatAccessTokenProvider _accessTokens;
    private readonly TimeProvider _timeProvider;
    private readonly WeChatServerObserver _observer;

    /// <summary>Gets the AppId this client logs in to.</summary>
    internal string AppId => _options.AppId!;

    /// <summary>Initializes a new instance of the <see cref="WeChatLoginClient"/> class.</summary>
    /// <param name="httpClient">The client to send with (from IHttpClientFactory, or your own long-lived one).</param>
    /// <param name="options">The app's credentials and the API address; validated here and read once.</param>
    /// <param name="accessTokens">
    /// The access tokens checkSessionKey needs. Share one per app (a singleton): IHttpClientFactory's typed clients are
    /// made per use, and a provider per client would fetch a new token every time. <see langword="null"/> makes one for
    /// this instance only, over the same client and options.
    /// </param>
    /// <param name="timeProvider">The clock for retry delays; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="httpClient"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    /// <param name="observer">Hears busy retries and rejected access tokens; <see langword="null"/> for none.</param>
    public WeChatLoginClient(HttpClient httpClient, WeChatApiOptions options, WeChatAccessTokenProvider? accessTokens = null, TimeProvider? timeProvider = null, WeChatServerObserver? observer = null)
        : this(Keep(httpClient), options, accessTokens, timeProvider, observer)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WeChatLoginClient"/> class that takes a client per request.</summary>
    /// <param name="httpClientFactory">
    /// Makes the client for each request, such as <c>() =&gt; factory.CreateClient(name)</c> over IHttpClientFactory, so
    /// one long-lived login client (a singleton) follows the factory's handler rotation without being rebuilt per use.
    /// </param>
    /// <param name="options">The app's credentials and the API address; validated here and read once.</param>
    /// <param name="accessTokens">The app's one access-token provider; <see langword="null"/> makes one for this instance, over the same factory.</param>
    /// <param name="timeProvider">The clock for retry delays; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="observer">Hears busy retries and rejected access tokens; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="httpClientFactory"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    public WeChatLoginClient(Func<HttpClient> httpClientFactory, WeChatApiOptions options, WeChatAccessTokenProvider? accessTokens = null, TimeProvider? timeProvider = null, WeChatServerObserver? observer = null)
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
    /// Exchanges a login code for the user's openid, session_key and unionid:
    /// <c>GET {base}/sns/jscode2session?appid=…&amp;secret=…&amp;js_code=…&amp;grant_type=authorization_code</c>.
    /// </summary>
    /// <param name="code">The code <c>wx.login</c> returned. Codes work once and live 5 minutes.</param>
    /// <param name="cancellationToken">Cancels the request and any retry wait.</param>
    /// <returns>The openid, the session key (the canonical base64 of 16 bytes) and the unionid, if any.</returns>
    /// <exception cref="ArgumentException"><paramref name="code"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="WeChatApiException">WeChat answered with an errcode (40029, 40163, 40226, ...), or with something that is not a login reply.</exception>
    public async Task<Code2SessionResult> Code2SessionAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        var query = $"appid={Escape(_options.AppId!)}&secret={Escape(_options.AppSecret!)}&js_code={Escape(code)}&grant_type=authorization_code";
        var reply = await WeChatApiCaller.SendAsync(
            _httpClient(),
            _options,
            _timeProvider,
            _observer,
            "code2Session",
            () => new HttpRequestMessage(HttpMethod.Get, Endpoint(_options, "sns/jscode2session", query)),
            WeChatApiJsonContext.Default.Code2SessionReply,
            static reply => reply.ErrCode,
            cancellationToken).ConfigureAwait(false);

        if (reply.ErrCode is { } errCode and not 0)
        {
            throw new WeChatApiException("code2Session", errCode, reply.ErrMsg);
        }

        Span<byte> key = stackalloc byte[16];
        var canonicalKey = Crypto.Base64Field.TryDecodeSessionKey(reply.SessionKey, key);
        CryptographicOperations.ZeroMemory(key);
        if (reply.OpenId is null or "" || !canonicalKey)
        {
            throw new WeChatApiException(
                "code2Session: WeChat's reply carried neither an openid with a session_key (the canonical base64 of 16 bytes) nor an errcode. "
                + "Check WeChatApiOptions.ApiBaseAddress.");
        }

        return new Code2SessionResult(reply.OpenId, reply.SessionKey!, reply.UnionId is "" ? null : reply.UnionId);
    }

    /// <summary>
    /// Asks WeChat whether <paramref name="sessionKey"/> is still the user's current session key:
    /// <c>GET {base}/wxa/checksession?access_token=…&amp;openid=…&amp;signature=…&amp;sig_method=hmac_sha256</c>,
    /// signed with HMAC-SHA256 over the empty string keyed by the session key's UTF-8 bytes.
    /// </summary>
    /// <param name="openId">The user's openid.</param>
    /// <param name="sessionKey">The session key to check.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns><see langword="true"/> when it is the current key; <see langword="false"/> when WeChat answers 87009 (a later login replaced it).</returns>
    /// <exception cref="ArgumentException"><paramref name="openId"/> or <paramref name="sessionKey"/> is <see langword="null"/> or empty.</exception>
    /// <exception cref="WeChatApiException">Any other errcode, or a reply that is not WeChat's.</exception>
    public async Task<bool> CheckSessionKeyAsync(string openId, string sessionKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(openId);
        ArgumentException.ThrowIfNullOrEmpty(sessionKey);
        var signature = ComputeCheckSessionSignature(sessionKey);
        var reply = await WeChatApiCaller.SendWithAccessTokenAsync(
            _httpClient,
            _options,
            _timeProvider,
            _observer,
            _accessTokens,
            "checkSessionKey",
            token => new HttpRequestMessage(
                HttpMethod.Get, Endpoint(_options, "wxa/checksession", $"access_token={Escape(token)}&openid={Escape(openId)}&signature={signature}&sig_method=hmac_sha256")),
            WeChatApiJsonContext.Default.ErrCodeReply,
            static reply => reply.ErrCode,
            cancellationToken).ConfigureAwait(false);

        return reply.ErrCode switch
        {
            0 => true,
            WeChatErrCodes.InvalidSignature => false,
            { } errCode => throw new WeChatApiException("checkSessionKey", errCode, reply.ErrMsg),
            null => throw new WeChatApiException("checkSessionKey: WeChat's reply carried no errcode. Check WeChatApiOptions.ApiBaseAddress."),
        };
    }

    /// <summary>Returns a description with the AppSecret left out.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"WeChatLoginClient {{ AppId = {_options.AppId}, ApiBaseAddress = {_options.ApiBaseAddress} }}";

    /// <summary>
    /// Computes checkSessionKey's <c>signature</c> parameter: the lowercase hex HMAC-SHA256 of the empty string, keyed by
    /// UTF-8(session_key), as WeChat's checkSessionKey documentation defines it (<c>sig_method=hmac_sha256</c>).
    /// </summary>
    /// <param name="sessionKey">The session key, as code2Session returned it.</param>
    /// <returns>64 lowercase hex digits.</returns>
    /// <exception cref="ArgumentException"><paramref name="sessionKey"/> is <see langword="null"/> or empty.</exception>
    public static string ComputeCheckSessionSignature(string sessionKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionKey);
        var key = Encoding.UTF8.GetBytes(sessionKey);
        try
        {
            using var hmac = new HMACSHA256(key);
            var mac = hmac.ComputeHash([]);
            return Convert.ToHexStringLower(mac);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    internal static Uri Endpoint(WeChatApiOptions options, string path, string? query)
    {
        var address = options.ApiBaseAddress.ToString();
        var separator = address[address.Length - 1] == '/' ? string.Empty : "/";
        return new Uri(address + separator + path + (query is null ? string.Empty : "?" + query));
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private static Func<HttpClient> Keep(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        return () => httpClient;
    }
}
