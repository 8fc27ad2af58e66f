using System.Security.Cryptography;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Server;

public sealed class UserProfileVerifierTests
{
    private readonly UserProfileVerifier _verifier = new(new OpenDataOptions { AppId = TestClient.AppId });
    private readonly OpenDataDecryptor _decryptor = new(new OpenDataOptions { AppId = TestClient.AppId });

    private static readonly UserInfo Profile = new()
    {
        NickName = "小明😀 \"Q\"",
        Gender = Gender.Female,
        Language = "zh_CN",
        City = "广州",
        Province = "广东",
        Country = "中国",
        AvatarUrl = "https://thirdwx.qlogo.cn/mmopen/vi_32/a+b/132",
    };

    [Fact]
    public async Task VerifyAndDecrypt_ClientResult_RoundTripsByteForByte()
    {
        var key = TestClient.NewSessionKey();
        var result = await TestClient.Create(profiles: new InMemoryUserProfileSource(Profile), sessionKey: key).GetUserProfileAsync(new Option { Desc = "ok" });

        var verified = _verifier.VerifyAndDecrypt(result, key);

        verified.UserInfo.Should().Be(Profile);
        verified.Watermark.AppId.Should().Be(TestClient.AppId);
        verified.OpenId.Should().BeNull();
    }

    [Theory]
    [InlineData(Language.En)]
    [InlineData(Language.ZhCN)]
    [InlineData(Language.ZhTW)]
    public async Task VerifyAndDecrypt_EveryLangAndTheAnonymousProfile_RoundTrip(Language lang)
    {
        var key = TestClient.NewSessionKey();
        foreach (var anonymous in new[] { false, true })
        {
            var client = TestClient.Create(sessionKey: key, configure: o => o.AnonymousProfile = anonymous);
            var result = await client.GetUserProfileAsync(new Option { Desc = "ok", Lang = lang });

            _verifier.VerifyAndDecrypt(result.RawData, result.Signature, result.EncryptedData, result.Iv, key).UserInfo.Should().Be(result.UserInfo);
        }
    }

    [Fact]
    public async Task VerifyAndDecrypt_StaleSessionKey_FailsWithMinus41003NamingTheStaleKey()
    {
        var result = await TestClient.Create().GetUserProfileAsync(new Option { Desc = "ok" });

        var error = _verifier.Invoking(v => v.VerifyAndDecrypt(result, TestClient.NewSessionKey())).Should().Throw<OpenDataException>().Which;

        error.ErrorCode.Should().Be(-41003);
        error.Error.Should().Be(OpenDataError.SignatureMismatch);
        error.Reason.Should().Contain("session_key is stale");
    }

    [Fact]
    public async Task VerifyAndDecrypt_IvTamperedToChangeTheFirstBlock_IsRejectedByTheRawDataCheck()
    {
        var key = TestClient.NewSessionKey();
        var result = await TestClient.Create(sessionKey: key).GetUserProfileAsync(new Option { Desc = "ok" });
        // CBC is malleable through the IV: flipping IV bits flips the same plaintext bits of block one.
        // {"nickName":"Band" -> {"nickName":"Bond"
        var iv = Convert.FromBase64String(result.Iv);
        iv[14] ^= (byte)('a' ^ 'o');
        var tamperedIv = Convert.ToBase64String(iv);
        _decryptor.DecryptUserProfile(result.EncryptedData, tamperedIv, key).NickName.Should().Be("Bond", "decryption alone cannot see the tampering");

        var error = _verifier.Invoking(v => v.VerifyAndDecrypt(result.RawData, result.Signature, result.EncryptedData, tamperedIv, key))
            .Should().Throw<OpenDataException>().Which;

        error.Error.Should().Be(OpenDataError.RawDataMismatch);
        error.ErrorCode.Should().Be(-41003);
    }

    [Fact]
    public async Task VerifyAndDecrypt_RawDataReSignedWithOtherFields_IsRejected()
    {
        var key = TestClient.NewSessionKey();
        var result = await TestClient.Create(sessionKey: key).GetUserProfileAsync(new Option { Desc = "ok" });
        var forged = result.RawData.Replace("Band", "Eve", StringComparison.Ordinal);

        _verifier.Invoking(v => v.VerifyAndDecrypt(forged, OpenDataCrypto.Sha1Hex(forged + key), result.EncryptedData, result.Iv, key))
            .Should().Throw<OpenDataException>().Which.Error.Should().Be(OpenDataError.RawDataMismatch);
    }

    [Fact]
    public async Task VerifyAndDecrypt_BadKeyOrIv_ReportsThoseBeforeTheSignature()
    {
        var result = await TestClient.Create().GetUserProfileAsync(new Option { Desc = "ok" });

        _verifier.Invoking(v => v.VerifyAndDecrypt(result, "short")).Should().Throw<OpenDataException>().Which.ErrorCode.Should().Be(-41001);
        _verifier.Invoking(v => v.VerifyAndDecrypt(result.RawData, result.Signature, result.EncryptedData, "AAAA", TestClient.NewSessionKey()))
            .Should().Throw<OpenDataException>().Which.ErrorCode.Should().Be(-41002);
    }

    [Fact]
    public async Task VerifyAndDecrypt_OtherAppsData_FailsWithAppIdMismatch()
    {
        var key = TestClient.NewSessionKey();
        var result = await TestClient.Create(sessionKey: key, configure: o => o.AppId = "wx0123456789abcdef").GetUserProfileAsync(new Option { Desc = "ok" });

        _verifier.Invoking(v => v.VerifyAndDecrypt(result, key)).Should().Throw<OpenDataException>().Which.Error.Should().Be(OpenDataError.AppIdMismatch);
    }

    [Fact]
    public async Task TryDecryptUserProfile_5000SeededWrongKeys_AcceptsNoneAndAllFailIdentically()
    {
        var key = TestClient.NewSessionKey();
        var result = await TestClient.Create(sessionKey: key).GetUserProfileAsync(new Option { Desc = "ok" });
        var random = new Random(20261121);
        var wrongKey = new byte[16];
        var failures = new HashSet<OpenDataError>();

        for (var i = 0; i < 5000; i++)
        {
            random.NextBytes(wrongKey);
            var accepted = _decryptor.TryDecryptUserProfile(result.EncryptedData, result.Iv, Convert.ToBase64String(wrongKey), out var profile, out var error);

            accepted.Should().BeFalse();
            profile.Should().BeNull();
            failures.Add(error);
        }

        failures.Should().Equal(OpenDataError.DecryptionFailed);
    }

    [Fact]
    public void Options_AreValidatedWhenTheVerifierIsBuilt()
    {
        var act = () => new UserProfileVerifier(new OpenDataOptions { AppId = " wx4f4bc4dec97d474b", MaxDataAge = TimeSpan.Zero });

        act.Should().Throw<ArgumentException>().WithMessage("*AppId must be \"wx\" followed by 16 lowercase hex digits*").WithMessage("*MaxDataAge*");
        FluentActions.Invoking(() => new UserProfileVerifier(new OpenDataOptions { AppId = "myapp" })).Should().Throw<ArgumentException>().WithMessage("*AppId must be*");
        FluentActions.Invoking(() => new UserProfileVerifier(new OpenDataOptions())).Should().Throw<ArgumentException>().WithMessage("*AppId is required*");
        FluentActions.Invoking(() => new UserProfileVerifier(null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Verifier_SharedAcrossThreads_GivesEveryThreadTheRightAnswer()
    {
        var keys = Enumerable.Range(0, 8).Select(_ => TestClient.NewSessionKey()).ToArray();
        var iv = RandomNumberGenerator.GetBytes(16);
        var data = keys.Select(k => OpenDataCrypto.Encrypt($"{{\"nickName\":\"{k}\",\"watermark\":{{\"appid\":\"{TestClient.AppId}\",\"timestamp\":1}}}}", k, iv)).ToArray();

        Parallel.For(0, 4000, i =>
        {
            var n = i % keys.Length;
            _decryptor.DecryptUserProfile(data[n], Convert.ToBase64String(iv), keys[n]).NickName.Should().Be(keys[n]);
        });
    }

    [Fact]
    public async Task VerifyAndDecrypt_RawDataFormattedDifferentlyButEqual_IsAcceptedByTheFieldByFieldCheck()
    {
        var key = TestClient.NewSessionKey();
        var result = await TestClient.Create(sessionKey: key).GetUserProfileAsync(new Option { Desc = "ok" });
        // Same fields, other order and spacing: not a byte-for-byte prefix of the plaintext any more.
        var reordered = "{ \"avatarUrl\": \"" + result.UserInfo.AvatarUrl + "\", \"country\": \"" + result.UserInfo.Country + "\", \"province\": \"" + result.UserInfo.Province
            + "\", \"city\": \"" + result.UserInfo.City + "\", \"language\": \"" + result.UserInfo.Language + "\", \"gender\": 1, \"nickName\": \"" + result.UserInfo.NickName + "\" }";

        var profile = _verifier.VerifyAndDecrypt(reordered, OpenDataCrypto.Sha1Hex(reordered + key), result.EncryptedData, result.Iv, key);

        profile.UserInfo.Should().Be(result.UserInfo);
    }

    [Fact]
    public void VerifyAndDecrypt_PlaintextWithADuplicateField_IsRejected()
    {
        var key = TestClient.NewSessionKey();
        var rawData = "{\"nickName\":\"Band\",\"gender\":1,\"language\":\"en\",\"city\":\"\",\"province\":\"\",\"country\":\"\",\"avatarUrl\":\"a\"}";
        var plaintext = rawData[..^1] + ",\"watermark\":{\"timestamp\":1,\"appid\":\"" + TestClient.AppId + "\"},\"nickName\":\"Eve\"}";
        var encrypted = Decrypt.OpenDataDecryptorTests.Encrypt(plaintext, key);

        _verifier.Invoking(v => v.VerifyAndDecrypt(rawData, OpenDataCrypto.Sha1Hex(rawData + key), encrypted, Decrypt.OpenDataDecryptorTests.Iv, key))
            .Should().Throw<OpenDataException>().Which.Error.Should().Be(OpenDataError.EncryptedDataTampered, "the signature verified, so the key is current: the data was altered");
    }
}
