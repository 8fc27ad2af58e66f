using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Server.Push;

/// <summary>The receiver against WeChat's published example, the writer in every mode and format, and every way a push is refused.</summary>
public sealed class WeChatPushReceiverTests
{
    internal const string AppId = "wx4f4bc4dec97d474b";
    internal const string Token = "pushToken2026";
    internal const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    internal const string MediaCheckJson = "{\"ToUserName\":\"gh_38cc49f9733b\",\"FromUserName\":\"oG0NJ5Oi_3Dd1HlZJ14xfnA0sJ6s\",\"CreateTime\":1626959646,"
        + "\"MsgType\":\"event\",\"Event\":\"wxa_media_check\",\"appid\":\"wx4f4bc4dec97d474b\",\"trace_id\":\"60f96f1d-3845297a-1976a3ae\",\"version\":2,"
        + "\"detail\":[{\"strategy\":\"content_model\",\"errcode\":0,\"suggest\":\"risky\",\"label\":20002,\"prob\":90}],"
        + "\"errcode\":0,\"errmsg\":\"ok\",\"result\":{\"suggest\":\"risky\",\"label\":20002}}";

    internal const string MediaCheckXml = "<xml><ToUserName><![CDATA[gh_38cc49f9733b]]></ToUserName><FromUserName><![CDATA[oG0NJ5Oi_3Dd1HlZJ14xfnA0sJ6s]]></FromUserName>"
        + "<CreateTime>1626959646</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[wxa_media_check]]></Event><appid><![CDATA[wx4f4bc4dec97d474b]]></appid>"
        + "<trace_id><![CDATA[60f96f1d-3845297a-1976a3ae]]></trace_id><version>2</version>"
        + "<detail><strategy><![CDATA[content_model]]></strategy><errcode>0</errcode><suggest><![CDATA[risky]]></suggest><label>20002</label><prob>90</prob></detail>"
        + "<errcode>0</errcode><errmsg><![CDATA[ok]]></errmsg><result><suggest><![CDATA[risky]]></suggest><label>20002</label></result></xml>";

    private readonly TestClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));

    [Fact]
    public void WeChatsPublishedExample_PlaintextJson_IsVerifiedAndRead()
    {
        // developers.weixin.qq.com, 消息加解密说明, 消息解密方式为明文模式: Token "AAAAA".
        var clock = new TestClock(DateTimeOffset.FromUnixTimeSeconds(1714037059));
        var receiver = new WeChatPushReceiver(new WeChatPushOptions { Token = "AAAAA", Mode = WeChatPushMode.Plaintext }, clock);
        var body = "{\"ToUserName\":\"gh_97417a04a28d\",\"FromUserName\":\"o9AgO5Kd5ggOC-bXrbNODIiE3bGY\",\"CreateTime\":1714037059,\"MsgType\":\"event\",\"Event\":\"debug_demo\",\"debug_str\":\"hello world\"}";

        var message = receiver.Receive(new WeChatPushQuery("899cf89e464efb63f54ddac96b0a0a235f53aa78", "1714037059", "486452656"), Encoding.UTF8.GetBytes(body));

        (message.Event, message.MsgType, message.ToUserName, message.CreateTime, message.GetField("debug_str"), message.WasEncrypted)
            .Should().Be(("debug_demo", "event", "gh_97417a04a28d", 1714037059L, "hello world", false));
        message.MediaCheck.Should().BeNull();
        receiver.VerifyUrl(new WeChatPushQuery("899cf89e464efb63f54ddac96b0a0a235f53aa78", "1714037059", "486452656"), "1234567890").Should().Be("1234567890");
    }

    [Theory]
    [InlineData(WeChatPushMode.Plaintext, MediaCheckJson)]
    [InlineData(WeChatPushMode.Compatible, MediaCheckJson)]
    [InlineData(WeChatPushMode.Secure, MediaCheckJson)]
    [InlineData(WeChatPushMode.Plaintext, MediaCheckXml)]
    [InlineData(WeChatPushMode.Compatible, MediaCheckXml)]
    [InlineData(WeChatPushMode.Secure, MediaCheckXml)]
    public void WrittenAsWeChatDoes_InEveryModeAndFormat_IsReadAsTheTypedMediaCheck(WeChatPushMode mode, string message)
    {
        var push = Writer(mode).Write(message);

        var received = Receiver(mode).Receive(push.Query, Encoding.UTF8.GetBytes(push.Body));

        received.MediaCheck.Should().BeEquivalentTo(new WeChatMediaCheckEvent(AppId, "60f96f1d-3845297a-1976a3ae", 2, 0, "ok", ContentSuggest.Risky, 20002,
            [new ContentCheckDetail("content_model", 0, ContentSuggest.Risky, 20002, Prob: 90)]));
        received.Body.Should().Be(message);
        received.WasEncrypted.Should().Be(mode != WeChatPushMode.Plaintext);
        if (mode == WeChatPushMode.Secure)
        {
            push.Body.Should().NotContain("wxa_media_check", "secure mode sends the message encrypted only");
            (push.Query.EncryptType, push.Query.MsgSignature).Should().Match<(string?, string?)>(q => q.Item1 == "aes" && q.Item2 != null);
        }
    }

    [Fact]
    public void CompatibleMode_ReadsTheEncryptedMessage_NotTheClearFieldsBesideIt()
    {
        var push = Writer(WeChatPushMode.Compatible).Write(MediaCheckJson);
        var altered = push.Body.Replace("\"suggest\":\"risky\"", "\"suggest\":\"pass\"", StringComparison.Ordinal);
        altered.Should().NotBe(push.Body);

        var received = Receiver(WeChatPushMode.Compatible).Receive(push.Query, Encoding.UTF8.GetBytes(altered));

        received.MediaCheck!.Suggest.Should().Be(ContentSuggest.Risky, "the clear fields are not covered by msg_signature");
    }

    [Fact]
    public void AlteredCiphertextOrParameters_AreRefusedAsInvalidSignature()
    {
        var push = Writer(WeChatPushMode.Secure).Write(MediaCheckJson);
        var receiver = Receiver(WeChatPushMode.Secure);
        var encrypt = push.Body.Split("\"Encrypt\":\"")[1].TrimEnd('"', '}');
        var flipped = (encrypt[0] == 'A' ? "B" : "A") + encrypt[1..];

        Refusal(() => receiver.Receive(push.Query, Encoding.UTF8.GetBytes(push.Body.Replace(encrypt, flipped, StringComparison.Ordinal)))).Should().Be(WeChatPushError.InvalidSignature);
        Refusal(() => receiver.Receive(push.Query with { Nonce = push.Query.Nonce + "1" }, Encoding.UTF8.GetBytes(push.Body))).Should().Be(WeChatPushError.InvalidSignature);
        Refusal(() => receiver.Receive(push.Query with { MsgSignature = null }, Encoding.UTF8.GetBytes(push.Body))).Should().Be(WeChatPushError.InvalidSignature);
        Refusal(() => Receiver(WeChatPushMode.Secure, token: "anotherToken").Receive(push.Query, Encoding.UTF8.GetBytes(push.Body))).Should().Be(WeChatPushError.InvalidSignature);
        receiver.Receive(push.Query, Encoding.UTF8.GetBytes(push.Body)).MediaCheck.Should().NotBeNull("the unaltered push is still accepted: refusals record nothing");
    }

    public static TheoryData<string, Func<byte[], byte[]>> BadPlaintexts => new()
    {
        { "padding byte 0", p => WithPadding(p, 0, 0) },
        { "padding byte 33", p => WithPadding(p, 33, 33) },
        { "padding byte 255", p => WithPadding(p, 255, 255) },
        { "padding bytes that disagree (first)", p => Tweak(WithValidPadding(p), -7) },
        { "padding bytes that disagree (last but one)", p => Tweak(WithValidPadding(p), -2) },
        { "a 16-byte block's padding", p => WithPadding(p, 16, 16, blockSize: 16) },
        { "another app's AppId", p => WithValidPadding(Frame("{\"a\":1}", "wx0123456789abcdef")) },
        { "a length past the end", p => WithValidPadding(SetLength(p, 10_000)) },
        { "a negative length", p => WithValidPadding(SetLength(p, -5)) },
        { "a length one short", p => WithValidPadding(SetLength(p, BinaryPrimitives.ReadInt32BigEndian(p.AsSpan(16)) - 1)) },
    };

    [Theory]
    [MemberData(nameof(BadPlaintexts))]
    public void EveryBadPlaintextShape_UnderAValidSignature_IsOneDecryptionFailure_WithTheSameMessage(string shape, Func<byte[], byte[]> spoil)
    {
        var receiver = Receiver(WeChatPushMode.Secure);
        var good = Frame(MediaCheckJson, AppId);
        var encrypt = Encrypt(spoil(good), AesKey);

        var thrown = FluentActions.Invoking(() => receiver.Receive(Signed(encrypt), Encoding.UTF8.GetBytes($"{{\"ToUserName\":\"gh\",\"Encrypt\":\"{encrypt}\"}}")))
            .Should().Throw<WeChatPushException>(shape).Which;

        thrown.Error.Should().Be(WeChatPushError.DecryptionFailed, shape);
        thrown.Message.Should().Be(
            "The push's Encrypt field is not a message of this app under this EncodingAESKey: check WeChatPushOptions.EncodingAesKey and AppId against the admin console.",
            "every failure reads the same: the message tells nothing about which check failed");
        receiver.Receive(Signed(Encrypt(WithValidPadding(good), AesKey)), Encoding.UTF8.GetBytes($"{{\"Encrypt\":\"{Encrypt(WithValidPadding(good), AesKey)}\"}}"))
            .MediaCheck.Should().NotBeNull("the same frame, well padded, is read");
    }

    [Fact]
    public void AnotherKey_IsADecryptionFailure()
    {
        var encrypt = Encrypt(WithValidPadding(Frame(MediaCheckJson, AppId)), "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut");

        Refusal(() => Receiver(WeChatPushMode.Secure).Receive(Signed(encrypt), Encoding.UTF8.GetBytes($"{{\"Encrypt\":\"{encrypt}\"}}"))).Should().Be(WeChatPushError.DecryptionFailed);
    }

    [Fact]
    public void AReplay_IsRefused_UntilTheBackendAllowsRedelivery()
    {
        var push = Writer(WeChatPushMode.Secure).Write(MediaCheckJson);
        var receiver = Receiver(WeChatPushMode.Secure);
        var first = receiver.Receive(push.Query, Encoding.UTF8.GetBytes(push.Body));

        Refusal(() => receiver.Receive(push.Query, Encoding.UTF8.GetBytes(push.Body))).Should().Be(WeChatPushError.Replayed);
        receiver.AllowRedelivery(first);
        receiver.Receive(push.Query, Encoding.UTF8.GetBytes(push.Body)).Should().NotBeNull("WeChat's retry of a push the backend failed to handle is accepted");
        new WeChatPushReceiver(new WeChatPushOptions { AppId = AppId, Token = Token, EncodingAesKey = AesKey, RefuseReplays = false }, _clock)
            .Receive(push.Query, Encoding.UTF8.GetBytes(push.Body)).Should().NotBeNull();
    }

    [Fact]
    public void AnUnreadableMessage_UnderAValidSignature_DoesNotSpendItsNonce()
    {
        // A wxa_media_check without its trace_id: refused as Malformed each time, never as a replay.
        var push = Writer(WeChatPushMode.Secure).Write("{\"ToUserName\":\"gh_1\",\"MsgType\":\"event\",\"Event\":\"wxa_media_check\",\"errcode\":0}");
        var receiver = Receiver(WeChatPushMode.Secure);

        Refusal(() => receiver.Receive(push.Query, Encoding.UTF8.GetBytes(push.Body))).Should().Be(WeChatPushError.Malformed);
        Refusal(() => receiver.Receive(push.Query, Encoding.UTF8.GetBytes(push.Body))).Should().Be(WeChatPushError.Malformed);
    }

    [Fact]
    public void AnOldOrFutureTimestamp_IsRefused_AndTheWindowIsConfigurable()
    {
        var push = Writer(WeChatPushMode.Secure).Write(MediaCheckJson);
        _clock.Advance(TimeSpan.FromMinutes(6));

        Refusal(() => Receiver(WeChatPushMode.Secure).Receive(push.Query, Encoding.UTF8.GetBytes(push.Body))).Should().Be(WeChatPushError.Expired);
        new WeChatPushReceiver(new WeChatPushOptions { AppId = AppId, Token = Token, EncodingAesKey = AesKey, TimestampTolerance = TimeSpan.FromMinutes(10) }, _clock)
            .Receive(push.Query, Encoding.UTF8.GetBytes(push.Body)).Should().NotBeNull();
        var future = Writer(WeChatPushMode.Secure, new TestClock(_clock.GetUtcNow().AddMinutes(6))).Write(MediaCheckJson);
        Refusal(() => Receiver(WeChatPushMode.Secure).Receive(future.Query, Encoding.UTF8.GetBytes(future.Body))).Should().Be(WeChatPushError.Expired);
    }

    [Fact]
    public void APushInAnotherMode_IsRefusedAsWrongMode()
    {
        var clear = Writer(WeChatPushMode.Plaintext).Write(MediaCheckJson);
        var encrypted = Writer(WeChatPushMode.Secure).Write(MediaCheckJson);

        Refusal(() => Receiver(WeChatPushMode.Secure).Receive(clear.Query, Encoding.UTF8.GetBytes(clear.Body))).Should().Be(WeChatPushError.WrongMode);
        Refusal(() => new WeChatPushReceiver(new WeChatPushOptions { Token = Token, Mode = WeChatPushMode.Plaintext }, _clock)
            .Receive(encrypted.Query, Encoding.UTF8.GetBytes(encrypted.Body))).Should().Be(WeChatPushError.WrongMode);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><xml><Event>&xxe;</Event></xml>")]
    [InlineData("<!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><xml><Event>&b;</Event></xml>")]
    public void XmlWithADtd_IsRefused_AndNothingIsResolved(string body)
    {
        var receiver = new WeChatPushReceiver(new WeChatPushOptions { Token = Token, Mode = WeChatPushMode.Plaintext }, _clock);

        var thrown = FluentActions.Invoking(() => receiver.Receive(SignedClear(), Encoding.UTF8.GetBytes(body))).Should().Throw<WeChatPushException>().Which;

        thrown.Error.Should().Be(WeChatPushError.Malformed);
        thrown.Message.Should().Contain("DTD").And.NotContain("root:");
    }

    [Theory]
    [InlineData("not json or xml")]
    [InlineData("[1,2]")]
    [InlineData("<xml><unclosed></xml>")]
    [InlineData("{\"a\":")]
    public void AMalformedBody_IsRefusedAsMalformed(string body)
        => Refusal(() => new WeChatPushReceiver(new WeChatPushOptions { Token = Token, Mode = WeChatPushMode.Plaintext }, _clock).Receive(SignedClear(), Encoding.UTF8.GetBytes(body)))
            .Should().Be(WeChatPushError.Malformed);

    [Fact]
    public void Bounds_BodySizeAndParameters_AreCheckedFirst()
    {
        var receiver = Receiver(WeChatPushMode.Secure);

        Refusal(() => receiver.Receive(SignedClear(), new byte[64 * 1024 + 1])).Should().Be(WeChatPushError.TooLarge);
        Refusal(() => receiver.Receive(new WeChatPushQuery("s", null, "n"), "{}"u8)).Should().Be(WeChatPushError.Malformed);
        Refusal(() => receiver.Receive(new WeChatPushQuery("s", "12x", "n"), "{}"u8)).Should().Be(WeChatPushError.Malformed);
        Refusal(() => receiver.Receive(new WeChatPushQuery("s", "1", new string('n', 129)), "{}"u8)).Should().Be(WeChatPushError.Malformed);
        Refusal(() => receiver.Receive(SignedClear(), [0xC3, 0x28])).Should().Be(WeChatPushError.Malformed);
    }

    [Fact]
    public void VerifyUrl_WrongSignatureOrNoEchostr_IsRefused()
    {
        var receiver = Receiver(WeChatPushMode.Secure);
        var query = SignedClear();

        receiver.VerifyUrl(query, "echo123").Should().Be("echo123");
        Refusal(() => receiver.VerifyUrl(query with { Signature = new string('0', 40) }, "echo123")).Should().Be(WeChatPushError.InvalidSignature);
        Refusal(() => receiver.VerifyUrl(query, null)).Should().Be(WeChatPushError.Malformed);
        Refusal(() => receiver.VerifyUrl(query, "<script>")).Should().NotBe(WeChatPushError.InvalidSignature, "printable ASCII is echoed only after the signature verifies");
    }

    [Fact]
    public void Options_AreValidated_AndSecretsNeverShown()
    {
        var options = new WeChatPushOptions { AppId = AppId, Token = Token, EncodingAesKey = AesKey };
        options.GetValidationErrors().Should().BeEmpty();
        new WeChatPushOptions { Token = "ab" }.GetValidationErrors().Should().Contain(e => e.StartsWith("Token", StringComparison.Ordinal));
        new WeChatPushOptions { Token = Token, EncodingAesKey = AesKey[..42], AppId = AppId }.GetValidationErrors().Should().ContainSingle(e => e.StartsWith("EncodingAesKey", StringComparison.Ordinal));
        new WeChatPushOptions { Token = Token, EncodingAesKey = AesKey }.GetValidationErrors().Should().ContainSingle(e => e.StartsWith("AppId", StringComparison.Ordinal));
        new WeChatPushOptions { Token = Token, Mode = WeChatPushMode.Plaintext }.GetValidationErrors().Should().BeEmpty("plaintext mode needs no key");
        FluentActions.Invoking(() => new WeChatPushReceiver(new WeChatPushOptions())).Should().Throw<ArgumentException>().WithMessage("Invalid WeChatPushOptions: Token is required*");

        foreach (var text in new[] { options.ToString(), new WeChatPushReceiver(options, _clock).ToString(), Writer(WeChatPushMode.Secure).ToString() })
        {
            text.Should().NotContain(Token).And.NotContain(AesKey);
        }

        var refusals = new[]
        {
            FluentActions.Invoking(() => Receiver(WeChatPushMode.Secure).Receive(SignedClear(), "{\"Encrypt\":\"AAAA\"}"u8)).Should().Throw<WeChatPushException>().Which.Message,
            FluentActions.Invoking(() => Receiver(WeChatPushMode.Secure).Receive(SignedClear(), "{\"a\":1}"u8)).Should().Throw<WeChatPushException>().Which.Message,
        };
        refusals.Should().AllSatisfy(m => m.Should().NotContain(Token).And.NotContain(AesKey));
    }

    [Fact]
    public void AnotherEvent_IsItsNameAndRawBody()
    {
        var message = "{\"ToUserName\":\"gh_1\",\"FromUserName\":\"oUser\",\"CreateTime\":1,\"MsgType\":\"event\",\"Event\":\"user_authorization_revoke\",\"RevokeInfo\":\"1\"}";
        var push = Writer(WeChatPushMode.Secure).Write(message);

        var received = Receiver(WeChatPushMode.Secure).Receive(push.Query, Encoding.UTF8.GetBytes(push.Body));

        (received.Event, received.Body, received.MediaCheck, received.GetField("RevokeInfo")).Should().Be(("user_authorization_revoke", message, (WeChatMediaCheckEvent?)null, "1"));
        received.ToString().Should().NotContain("RevokeInfo", "the body may hold users' data");
    }

    internal static byte[] Frame(string message, string appId)
    {
        var body = Encoding.UTF8.GetBytes(message);
        var app = Encoding.UTF8.GetBytes(appId);
        var frame = new byte[20 + body.Length + app.Length];
        RandomNumberGenerator.Fill(frame.AsSpan(0, 16));
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(16), body.Length);
        body.CopyTo(frame, 20);
        app.CopyTo(frame, 20 + body.Length);
        return frame;
    }

    internal static byte[] WithValidPadding(byte[] frame)
    {
        var pad = 32 - (frame.Length % 32);
        return WithPadding(frame, pad, pad);
    }

    /// <summary>AES-256-CBC as WeChat defines it, written here with .NET's Aes: the key base64(EncodingAESKey + "="), the IV its first 16 bytes.</summary>
    internal static string Encrypt(byte[] plaintext, string encodingAesKey)
    {
        var key = Convert.FromBase64String(encodingAesKey + "=");
        using var aes = Aes.Create();
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(plaintext, key.AsSpan(0, 16).ToArray(), PaddingMode.None));
    }

    /// <summary>The query of a push whose Encrypt is <paramref name="encrypt"/>, signed here independently: SHA-1 of the sorted parts.</summary>
    internal static WeChatPushQuery Signed(string encrypt, long timestamp = 1_800_000_000, string nonce = "1234567")
    {
        var ts = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new WeChatPushQuery(Sha1(Token, ts, nonce), ts, nonce, "aes", Sha1(Token, ts, nonce, encrypt));
    }

    private static WeChatPushQuery SignedClear() => new(Sha1(Token, "1800000000", "42"), "1800000000", "42");

    private static string Sha1(params string[] parts)
    {
        Array.Sort(parts, StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
    }

    private static byte[] WithPadding(byte[] frame, int padByte, int count, int blockSize = 32)
    {
        var length = frame.Length + count;
        var total = (length + blockSize - 1) / blockSize * blockSize;
        total = (total + 31) / 32 * 32; // the cipher takes whole 32-byte blocks
        var result = new byte[total];
        frame.CopyTo(result, 0);
        result.AsSpan(frame.Length).Fill((byte)padByte);
        return result;
    }

    private static byte[] Tweak(byte[] padded, int fromEnd)
    {
        var copy = (byte[])padded.Clone();
        copy[copy.Length + fromEnd] ^= 0x01;
        return copy;
    }

    private static byte[] SetLength(byte[] frame, int length)
    {
        var copy = (byte[])frame.Clone();
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(16), length);
        return copy;
    }

    private static WeChatPushError Refusal(Action act) => act.Should().Throw<WeChatPushException>().Which.Error;

    private static WeChatPushError Refusal(Func<object> act) => FluentActions.Invoking(act).Should().Throw<WeChatPushException>().Which.Error;

    private WeChatPushReceiver Receiver(WeChatPushMode mode, string token = Token)
        => new(new WeChatPushOptions { AppId = AppId, Token = token, EncodingAesKey = AesKey, Mode = mode }, _clock);

    private WeChatPushWriter Writer(WeChatPushMode mode, TimeProvider? clock = null)
        => new(new WeChatPushOptions { AppId = AppId, Token = Token, EncodingAesKey = AesKey, Mode = mode }, clock ?? _clock);
}
