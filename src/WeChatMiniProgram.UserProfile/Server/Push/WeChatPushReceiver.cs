using System.Globalization;
using System.Text;
using WeChatMiniProgram.UserProfile.Validation;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// Receives WeChat's message push (消息推送) for one mini program: answers the URL verification, and verifies and reads
/// pushes in plaintext, compatible and secure mode, JSON or XML. One receiver takes every event of the app; a
/// <c>wxa_media_check</c> comes typed (<see cref="WeChatPushMessage.MediaCheck"/>).
/// </summary>
/// <remarks>
/// Signatures are compared in constant time; the timestamp must be within <see cref="WeChatPushOptions.TimestampTolerance"/>
/// and a (timestamp, nonce) pair is accepted once (<see cref="WeChatPushOptions.RefuseReplays"/>). Secure mode decrypts
/// with the AppId at the end checked, and one verdict for every way the decryption can fail. Bodies are bounded, and XML
/// with a DTD is refused. Thread-safe. The Token, the key and bodies never appear in messages or <see cref="ToString"/>.
/// </remarks>
public sealed class WeChatPushReceiver
{
    private const int MaxParameterLength = 128;
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private readonly WeChatPushOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly PushCipher? _cipher;
    private readonly PushReplayGuard? _replays;

    /// <summary>Initializes a new instance of the <see cref="WeChatPushReceiver"/> class.</summary>
    /// <param name="options">The app's Token, EncodingAESKey, AppId and mode; validated here and read once.</param>
    /// <param name="timeProvider">The clock of the timestamp window; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid; the message names each problem.</exception>
    public WeChatPushReceiver(WeChatPushOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsErrors.ThrowIfAny(nameof(WeChatPushOptions), options.GetValidationErrors());
        _options = options.Clone();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _cipher = _options.EncodingAesKey is null ? null : new PushCipher(_options.EncodingAesKey, _options.AppId!);
        _replays = _options.RefuseReplays ? new PushReplayGuard(_timeProvider, _options.TimestampTolerance) : null;
    }

    /// <summary>Gets the mode this receiver expects.</summary>
    public WeChatPushMode Mode => _options.Mode;

    /// <summary>
    /// Answers WeChat's URL verification (<c>GET ?signature&amp;timestamp&amp;nonce&amp;echostr</c>): returns
    /// <paramref name="echostr"/> when the signature is the SHA-1 of the sorted Token, timestamp and nonce.
    /// </summary>
    /// <param name="query">The request's signature, timestamp and nonce.</param>
    /// <param name="echostr">The string to answer with.</param>
    /// <returns><paramref name="echostr"/>, to answer as the body.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="WeChatPushException">A parameter is missing or malformed, the signature does not match, or the timestamp is out of the window.</exception>
    public string VerifyUrl(WeChatPushQuery query, string? echostr)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (timestamp, _) = Parameters(query);
        if (echostr is null or "" || echostr.Length > MaxParameterLength || !echostr.All(static c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_'))
        {
            throw new WeChatPushException(WeChatPushError.Malformed, $"echostr is missing or malformed: WeChat sends 1 to {MaxParameterLength} letters and digits.");
        }

        if (!PushSignature.Matches(query.Signature, _options.Token!, query.Timestamp!, query.Nonce!))
        {
            throw InvalidSignature("signature");
        }

        CheckTimestamp(timestamp);
        return echostr;
    }

    /// <summary>Verifies a push and reads it: decrypted in compatible and secure mode, by its format.</summary>
    /// <param name="query">The request's query parameters.</param>
    /// <param name="body">The request's body, as received.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="WeChatPushException">The push was refused; <see cref="WeChatPushException.Error"/> says why.</exception>
    public WeChatPushMessage Receive(WeChatPushQuery query, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (body.Length > _options.MaxBodyBytes)
        {
            throw new WeChatPushException(WeChatPushError.TooLarge, $"The push's body is larger than {_options.MaxBodyBytes} bytes (WeChatPushOptions.MaxBodyBytes).");
        }

        var (timestamp, _) = Parameters(query);
        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            throw new WeChatPushException(WeChatPushError.Malformed, "The push's body is not valid UTF-8.");
        }

        var format = PushDocument.FormatOf(text);
        var outer = PushDocument.Parse(text, format);
        var encrypted = PushDocument.Text(outer, "Encrypt");
        if (encrypted is null)
        {
            if (_options.Mode == WeChatPushMode.Secure)
            {
                throw new WeChatPushException(WeChatPushError.WrongMode, "The push is in clear, but this receiver is in secure mode: set the same mode as the admin console (WeChatPushOptions.Mode).");
            }

            if (!PushSignature.Matches(query.Signature, _options.Token!, query.Timestamp!, query.Nonce!))
            {
                throw InvalidSignature("signature");
            }
        }
        else
        {
            if (_cipher is null || _options.Mode == WeChatPushMode.Plaintext)
            {
                throw new WeChatPushException(WeChatPushError.WrongMode, "The push is encrypted, but this receiver is in plaintext mode: set the same mode as the admin console, with the EncodingAESKey.");
            }

            if (!PushSignature.Matches(query.MsgSignature, _options.Token!, query.Timestamp!, query.Nonce!, encrypted))
            {
                throw InvalidSignature("msg_signature");
            }
        }

        CheckTimestamp(timestamp);
        var replayKey = query.Timestamp + "\n" + query.Nonce;
        if (_replays is not null && !_replays.TryRecord(replayKey))
        {
            throw new WeChatPushException(WeChatPushError.Replayed, "A push with this timestamp and nonce was already received: refused as a replay.");
        }

        try
        {
            if (encrypted is null)
            {
                return new WeChatPushMessage(text, format, outer, encrypted: false, replayKey);
            }

            var message = _cipher!.Decrypt(encrypted) ?? throw new WeChatPushException(
                WeChatPushError.DecryptionFailed,
                "The push's Encrypt field is not a message of this app under this EncodingAESKey: check WeChatPushOptions.EncodingAesKey and AppId against the admin console.");
            var innerFormat = PushDocument.FormatOf(message);
            return new WeChatPushMessage(message, innerFormat, PushDocument.Parse(message, innerFormat), encrypted: true, replayKey);
        }
        catch (WeChatPushException)
        {
            // Refused after it was recorded: the nonce is not spent, whatever made the message unreadable.
            _replays?.Forget(replayKey);
            throw;
        }
    }

    /// <summary>
    /// Forgets a push the backend received but could not handle, so that WeChat's retry of it (same timestamp and
    /// nonce) is accepted rather than refused as a replay.
    /// </summary>
    /// <param name="message">The push, as <see cref="Receive"/> returned it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    public void AllowRedelivery(WeChatPushMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _replays?.Forget(message.ReplayKey);
    }

    /// <summary>Returns a description with the Token and the key left out.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"WeChatPushReceiver {{ AppId = {_options.AppId}, Mode = {_options.Mode} }}";

    private static (long Timestamp, string Nonce) Parameters(WeChatPushQuery query)
    {
        if (query.Timestamp is null || query.Timestamp.Length is 0 or > 12
            || !long.TryParse(query.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || query.Nonce is null or "" || query.Nonce.Length > MaxParameterLength)
        {
            throw new WeChatPushException(WeChatPushError.Malformed, "timestamp (Unix seconds) and nonce are required in the query, as WeChat sends them.");
        }

        return (timestamp, query.Nonce);
    }

    private void CheckTimestamp(long timestamp)
    {
        if (_options.TimestampTolerance > TimeSpan.Zero
            && Math.Abs(_timeProvider.GetUtcNow().ToUnixTimeSeconds() - timestamp) > (long)_options.TimestampTolerance.TotalSeconds)
        {
            throw new WeChatPushException(
                WeChatPushError.Expired,
                $"The push's timestamp is more than {_options.TimestampTolerance.TotalSeconds:0} s from this server's clock (WeChatPushOptions.TimestampTolerance): a replay, or a clock off NTP.");
        }
    }

    private static WeChatPushException InvalidSignature(string parameter)
        => new(WeChatPushError.InvalidSignature, $"The push's {parameter} does not match: it is not from WeChat, or WeChatPushOptions.Token differs from the admin console's.");
}
