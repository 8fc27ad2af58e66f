using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using WeChatMiniProgram.UserProfile.Validation;

namespace WeChatMiniProgram.UserProfile.Server;

/// <summary>
/// Writes a push exactly as WeChat sends one in the options' mode: signed, and in compatible and secure mode encrypted.
/// For the emulator, for tests of a receiver, and for <c>userprofile push</c>.
/// </summary>
public sealed class WeChatPushWriter
{
    private readonly WeChatPushOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly PushCipher? _cipher;

    /// <summary>Initializes a new instance of the <see cref="WeChatPushWriter"/> class.</summary>
    /// <param name="options">The app's Token, EncodingAESKey, AppId and mode; validated here and read once.</param>
    /// <param name="timeProvider">The clock of the timestamps; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid.</exception>
    public WeChatPushWriter(WeChatPushOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsErrors.ThrowIfAny(nameof(WeChatPushOptions), options.GetValidationErrors());
        _options = options.Clone();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _cipher = _options.EncodingAesKey is null ? null : new PushCipher(_options.EncodingAesKey, _options.AppId!);
    }

    /// <summary>Writes <paramref name="message"/> (a JSON object or an XML <c>&lt;xml&gt;</c> document, the format it is in) as a push.</summary>
    /// <param name="message">The message in clear, such as a <c>wxa_media_check</c> event.</param>
    /// <returns>The push: its query (signature, timestamp, nonce, and in compatible and secure mode encrypt_type and msg_signature) and body.</returns>
    /// <exception cref="ArgumentException"><paramref name="message"/> is empty, or not a JSON object or an XML document.</exception>
    public WeChatPush Write(string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(message);
        var format = PushDocument.FormatOf(message);
        JsonObject fields;
        try
        {
            fields = PushDocument.Parse(message, format);
        }
        catch (WeChatPushException ex)
        {
            throw new ArgumentException(ex.Message, nameof(message), ex);
        }

        var timestamp = _timeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Span<byte> random = stackalloc byte[4];
        RandomNumberGenerator.Fill(random);
        var nonce = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(random).ToString(CultureInfo.InvariantCulture);
        var signature = PushSignature.Compute(_options.Token!, timestamp, nonce);
        var contentType = format == WeChatPushFormat.Xml ? "text/xml" : "application/json";
        if (_options.Mode == WeChatPushMode.Plaintext)
        {
            return new WeChatPush(new WeChatPushQuery(signature, timestamp, nonce), message, contentType);
        }

        var encrypted = _cipher!.Encrypt(message);
        var msgSignature = PushSignature.Compute(_options.Token!, timestamp, nonce, encrypted);
        var toUser = PushDocument.Text(fields, "ToUserName") ?? string.Empty;
        string body;
        if (_options.Mode == WeChatPushMode.Secure)
        {
            body = format == WeChatPushFormat.Xml
                ? PushDocument.Xml(("ToUserName", toUser), ("Encrypt", encrypted))
                : new JsonObject { ["ToUserName"] = toUser, ["Encrypt"] = encrypted }.ToJsonString();
        }
        else
        {
            // Compatible: the message's own fields in clear, and the same message encrypted beside them.
            body = format == WeChatPushFormat.Xml
                ? message.Insert(message.LastIndexOf("</xml>", StringComparison.Ordinal) is var end and >= 0 ? end : message.Length, PushDocument.Xml(("Encrypt", encrypted))[5..^6])
                : AddEncrypt(fields, encrypted);
        }

        return new WeChatPush(new WeChatPushQuery(signature, timestamp, nonce, "aes", msgSignature), body, contentType);
    }

    /// <summary>Returns a description with the Token and the key left out.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"WeChatPushWriter {{ AppId = {_options.AppId}, Mode = {_options.Mode} }}";

    private static string AddEncrypt(JsonObject fields, string encrypted)
    {
        fields["Encrypt"] = encrypted;
        return fields.ToJsonString();
    }
}
