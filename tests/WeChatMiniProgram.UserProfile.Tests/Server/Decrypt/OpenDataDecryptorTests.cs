using System.Security.Cryptography;
using System.Text.Json.Serialization;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Server.Decrypt;

public sealed partial class OpenDataDecryptorTests
{
    private static readonly byte[] FixedIv = Convert.FromBase64String("r7BXXKkLb8qrSNn05n0qiA==");

    private readonly OpenDataDecryptor _decryptor = new(new OpenDataOptions { AppId = OfficialExamples.AppId });

    [Fact]
    public void DecryptUserProfile_WeChatsPublishedExample_ReturnsTheDocumentedProfile()
    {
        var profile = _decryptor.DecryptUserProfile(OfficialExamples.EncryptedData, OfficialExamples.Iv, OfficialExamples.SessionKey);

        profile.NickName.Should().Be("Band");
        profile.Gender.Should().Be(Gender.Male);
        profile.Language.Should().Be("zh_CN");
        profile.City.Should().Be("Guangzhou");
        profile.Province.Should().Be("Guangdong");
        profile.Country.Should().Be("CN");
        profile.AvatarUrl.Should().StartWith("http://wx.qlogo.cn/mmopen/vi_32/");
        profile.OpenId.Should().Be("oGZUI0egBJY1zhBYw2KhdUfwVJJE");
        profile.UnionId.Should().Be("ocMvos6NjeKLIBqg5Mr9QjxrP1FA");
        profile.Watermark.AppId.Should().Be(OfficialExamples.AppId);
        profile.Watermark.Timestamp.Should().Be(1477314187);
    }

    [Fact]
    public void DecryptUserProfile_GetUserProfileData_HasNoOpenIdOrUnionId()
    {
        var key = TestClient.NewSessionKey();
        var encrypted = Encrypt("{\"nickName\":\"微信用户\",\"gender\":0,\"language\":\"zh_CN\",\"city\":\"\",\"province\":\"\",\"country\":\"\",\"avatarUrl\":\"a\",\"watermark\":{\"timestamp\":1,\"appid\":\"wx4f4bc4dec97d474b\"}}", key);

        var profile = _decryptor.DecryptUserProfile(encrypted, Iv, key);

        profile.OpenId.Should().BeNull();
        profile.UnionId.Should().BeNull();
        profile.NickName.Should().Be("微信用户");
    }

    [Fact]
    public void DecryptUserProfile_StaleSessionKey_FailsWithMinus41003AndSaysSo()
    {
        var act = () => _decryptor.DecryptUserProfile(OfficialExamples.EncryptedData, OfficialExamples.Iv, TestClient.NewSessionKey());

        var error = act.Should().Throw<OpenDataException>().Which;
        error.ErrorCode.Should().Be(-41003);
        error.Error.Should().Be(OpenDataError.DecryptionFailed);
        error.Reason.Should().Contain("session_key is almost certainly stale").And.Contain("wx.login");
        error.Message.Should().StartWith("WXBizDataCrypt error -41003 (DecryptionFailed):");
    }

    [Theory]
    [InlineData(null, -41001)]
    [InlineData("", -41001)]
    [InlineData("tiihtNczf5v6AKRyjwEUhQ", -41001)] // unpadded: not valid base64 of 16 bytes
    [InlineData("tiihtNczf5v6AKRyjwEU", -41001)] // 15 bytes
    [InlineData("tiihtNczf5v6AKRyjwEUhQ==AAAA", -41001)] // 19 bytes
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!==", -41001)]
    public void DecryptUserProfile_IllegalSessionKey_FailsWithMinus41001(string? sessionKey, int code)
    {
        var act = () => _decryptor.DecryptUserProfile(OfficialExamples.EncryptedData, OfficialExamples.Iv, sessionKey!);

        var error = act.Should().Throw<OpenDataException>().Which;
        error.ErrorCode.Should().Be(code);
        error.Error.Should().Be(OpenDataError.InvalidSessionKey);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("r7BXXKkLb8qrSNn05n0q")]
    [InlineData("r7BXXKkLb8qrSNn05n0qiA==r7BX")]
    [InlineData("r7BXXKkLb8qrSNn05n0qiA=!")]
    public void DecryptUserProfile_IllegalIv_FailsWithMinus41002(string? iv)
    {
        var act = () => _decryptor.DecryptUserProfile(OfficialExamples.EncryptedData, iv!, OfficialExamples.SessionKey);

        act.Should().Throw<OpenDataException>().Which.ErrorCode.Should().Be(-41002);
    }

    [Theory]
    [InlineData("CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZM!!!!")]
    [InlineData("CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZM-_A=")] // URL-safe alphabet
    [InlineData("CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQ")] // bad length
    public void DecryptUserProfile_EncryptedDataNotBase64_FailsWithMinus41004(string encryptedData)
    {
        var act = () => _decryptor.DecryptUserProfile(encryptedData, OfficialExamples.Iv, OfficialExamples.SessionKey);

        var error = act.Should().Throw<OpenDataException>().Which;
        error.ErrorCode.Should().Be(-41004);
        error.Error.Should().Be(OpenDataError.InvalidBase64);
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAA")] // 15 bytes: not a whole block
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==")] // 31 bytes
    public void DecryptUserProfile_TruncatedCiphertext_FailsWithMinus41003Malformed(string encryptedData)
    {
        var act = () => _decryptor.DecryptUserProfile(encryptedData, OfficialExamples.Iv, OfficialExamples.SessionKey);

        var error = act.Should().Throw<OpenDataException>().Which;
        error.ErrorCode.Should().Be(-41003);
        error.Error.Should().Be(OpenDataError.MalformedCiphertext);
    }

    [Fact]
    public void DecryptUserProfile_PlusTurnedIntoSpaceByFormEncoding_IsRestored()
    {
        OfficialExamples.EncryptedData.Should().Contain("+");

        var profile = _decryptor.DecryptUserProfile(OfficialExamples.EncryptedData.Replace('+', ' '), OfficialExamples.Iv, OfficialExamples.SessionKey);

        profile.OpenId.Should().Be("oGZUI0egBJY1zhBYw2KhdUfwVJJE");
    }

    [Fact]
    public void DecryptUserProfile_WrongAppId_FailsWithItsOwnReason()
    {
        var decryptor = new OpenDataDecryptor(new OpenDataOptions { AppId = "wx0000000000000000" });

        var error = decryptor.Invoking(v => v.DecryptUserProfile(OfficialExamples.EncryptedData, OfficialExamples.Iv, OfficialExamples.SessionKey))
            .Should().Throw<OpenDataException>().Which;

        error.ErrorCode.Should().Be(-41003);
        error.Error.Should().Be(OpenDataError.AppIdMismatch);
        error.Reason.Should().Contain("appid");
    }

    [Fact]
    public void DecryptUserProfile_OlderThanMaxDataAge_FailsAsExpired()
    {
        var time = new TestClock(DateTimeOffset.FromUnixTimeSeconds(1477314187 + 300));
        var strictDecryptor = new OpenDataDecryptor(new OpenDataOptions { AppId = OfficialExamples.AppId, MaxDataAge = TimeSpan.FromMinutes(5) }, time);

        strictDecryptor.DecryptUserProfile(OfficialExamples.EncryptedData, OfficialExamples.Iv, OfficialExamples.SessionKey).Watermark.Timestamp.Should().Be(1477314187);
        time.Advance(TimeSpan.FromSeconds(1));
        var error = strictDecryptor.Invoking(v => v.DecryptUserProfile(OfficialExamples.EncryptedData, OfficialExamples.Iv, OfficialExamples.SessionKey))
            .Should().Throw<OpenDataException>().Which;

        error.Error.Should().Be(OpenDataError.DataExpired);
        error.ErrorCode.Should().Be(-41003);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"nickName\":\"Band\"}")] // no watermark
    [InlineData("{\"nickName\":\"Band\",\"watermark\":{\"appid\":\"wx4f4bc4dec97d474b\"}}")] // no timestamp
    [InlineData("[1,2,3]")]
    [InlineData("{\"nickName\":\"Band\",\"watermark\":{\"timestamp\":1,\"appid\":\"wx4f4bc4dec97d474b\"}} trailing")]
    [InlineData("{\"gender\":\"1\",\"watermark\":{\"timestamp\":1,\"appid\":\"wx4f4bc4dec97d474b\"}}")]
    public void DecryptUserProfile_PlaintextNotOpenData_FailsExactlyLikeBadPadding(string plaintext)
    {
        var key = TestClient.NewSessionKey();
        var jsonFailure = CaptureError(() => _decryptor.DecryptUserProfile(Encrypt(plaintext, key), Iv, key));
        var paddingFailure = CaptureError(() => _decryptor.DecryptUserProfile(OfficialExamples.EncryptedData, OfficialExamples.Iv, key));

        jsonFailure.Error.Should().Be(OpenDataError.DecryptionFailed);
        jsonFailure.ErrorCode.Should().Be(paddingFailure.ErrorCode);
        jsonFailure.Message.Should().Be(paddingFailure.Message);
        jsonFailure.Reason.Should().Be(paddingFailure.Reason);
        jsonFailure.InnerException.Should().BeNull();
        paddingFailure.InnerException.Should().BeNull();
    }

    [Fact]
    public void TryDecryptUserProfile_ReportsWithoutThrowing()
    {
        _decryptor.TryDecryptUserProfile(OfficialExamples.EncryptedData, OfficialExamples.Iv, OfficialExamples.SessionKey, out var profile, out var error).Should().BeTrue();
        profile!.NickName.Should().Be("Band");
        error.Should().Be(OpenDataError.None);

        _decryptor.TryDecryptUserProfile(OfficialExamples.EncryptedData, OfficialExamples.Iv, TestClient.NewSessionKey(), out profile, out error).Should().BeFalse();
        profile.Should().BeNull();
        error.Should().Be(OpenDataError.DecryptionFailed);
        error.ToErrorCode().Should().Be(-41003);
    }

    [Fact]
    public void DecryptPhoneNumber_PhoneData_ReturnsTheTypedModel()
    {
        var key = TestClient.NewSessionKey();
        var encrypted = Encrypt("{\"phoneNumber\":\"+86 13800138000\",\"purePhoneNumber\":\"13800138000\",\"countryCode\":\"86\",\"watermark\":{\"appid\":\"wx4f4bc4dec97d474b\",\"timestamp\":1700000000}}", key);

        var phone = _decryptor.DecryptPhoneNumber(encrypted, Iv, key);

        phone.PhoneNumber.Should().Be("+86 13800138000");
        phone.PurePhoneNumber.Should().Be("13800138000");
        phone.CountryCode.Should().Be("86");
        phone.Watermark.Timestamp.Should().Be(1700000000);
        phone.ToString().Should().NotContain("13800138000");
    }

    [Fact]
    public void DecryptGeneric_OtherOpenData_UsesTheCallersTypeInfoAndChecksTheWatermark()
    {
        var key = TestClient.NewSessionKey();
        var encrypted = Encrypt("{\"stepInfoList\":[{\"timestamp\":1445866601,\"step\":100}],\"watermark\":{\"appid\":\"wx4f4bc4dec97d474b\",\"timestamp\":1}}", key);
        var foreign = Encrypt("{\"stepInfoList\":[],\"watermark\":{\"appid\":\"wxother\",\"timestamp\":1}}", key);

        var werun = _decryptor.Decrypt(encrypted, Iv, key, TestJsonContext.Default.WeRunData);

        werun.StepInfoList.Should().ContainSingle().Which.Step.Should().Be(100);
        _decryptor.Invoking(v => v.Decrypt(foreign, Iv, key, TestJsonContext.Default.WeRunData))
            .Should().Throw<OpenDataException>().Which.Error.Should().Be(OpenDataError.AppIdMismatch);
        _decryptor.Invoking(v => v.Decrypt(encrypted, Iv, TestClient.NewSessionKey(), TestJsonContext.Default.WeRunData))
            .Should().Throw<OpenDataException>().Which.ErrorCode.Should().Be(-41003);
    }

    [Fact]
    public void DecryptGeneric_JsonThatDoesNotFitTheModel_FailsWithMinus41003()
    {
        var key = TestClient.NewSessionKey();
        var encrypted = Encrypt("{\"stepInfoList\":\"oops\",\"watermark\":{\"appid\":\"wx4f4bc4dec97d474b\",\"timestamp\":1}}", key);

        _decryptor.Invoking(v => v.Decrypt(encrypted, Iv, key, TestJsonContext.Default.WeRunData))
            .Should().Throw<OpenDataException>().Which.Error.Should().Be(OpenDataError.DecryptionFailed);
    }

    [Fact]
    public void DecryptedUserProfile_ToString_RedactsThePlaintext()
    {
        var profile = _decryptor.DecryptUserProfile(OfficialExamples.EncryptedData, OfficialExamples.Iv, OfficialExamples.SessionKey);

        profile.ToString().Should().NotContain("Band").And.NotContain("oGZUI0egBJY1zhBYw2KhdUfwVJJE").And.Contain("wx4f4bc4dec97d474b");
    }

    internal static string Iv => Convert.ToBase64String(FixedIv);

    internal static string Encrypt(string plaintext, string key) => OpenDataCrypto.Encrypt(plaintext, key, FixedIv);

    private static OpenDataException CaptureError(Action action)
    {
        try
        {
            action();
        }
        catch (OpenDataException ex)
        {
            return ex;
        }

        throw new InvalidOperationException("Expected an OpenDataException.");
    }
}

public sealed record StepInfo([property: JsonPropertyName("timestamp")] long Timestamp, [property: JsonPropertyName("step")] int Step);

public sealed record WeRunData([property: JsonPropertyName("stepInfoList")] IReadOnlyList<StepInfo> StepInfoList);

[JsonSerializable(typeof(WeRunData))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
