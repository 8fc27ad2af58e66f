using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Server;

/// <summary>
/// The adversarial review's findings, each pinned: the padding oracle, IV rewrites of the first block, client data the
/// server rejected, the session key's one meaning, and JSON that must be rejected everywhere.
/// </summary>
public sealed class UserProfileVerifierSecurityTests
{
    private static readonly byte[] ValidTail = Enumerable.Repeat((byte)16, 16).ToArray();

    // Claims 16 bytes of padding like ValidTail, but its first byte is wrong: the same last byte, invalid padding.
    private static readonly byte[] InvalidTail = [15, .. Enumerable.Repeat((byte)16, 15)];

    private readonly UserProfileVerifier _verifier = new(new OpenDataOptions { AppId = TestClient.AppId });
    private readonly OpenDataDecryptor _decryptor = new(new OpenDataOptions { AppId = TestClient.AppId });

    // 1. The padding oracle.
    [Fact]
    public void Decrypt_SameBytesValidOrInvalidPadding_ParsesTheSameBytesAndAppliesTheVerdictLast()
    {
        var key = TestClient.NewSessionKey();
        var iv = RandomNumberGenerator.GetBytes(16);
        var plaintext = WholeBlocks("{\"nickName\":\"Band\",\"gender\":1,\"language\":\"en\",\"city\":\"\",\"province\":\"\",\"country\":\"\",\"avatarUrl\":\"a\","
            + "\"watermark\":{\"timestamp\":1,\"appid\":\"" + TestClient.AppId + "\"}}");
        var valid = OpenDataCrypto.EncryptWithTail(plaintext, ValidTail, key, iv);
        var invalid = OpenDataCrypto.EncryptWithTail(plaintext, InvalidTail, key, iv);
        var keyBytes = Convert.FromBase64String(key);

        var rules = new WatermarkRules(new OpenDataOptions { AppId = TestClient.AppId }, TimeProvider.System);
        OpenDataPlaintext.Decrypt(valid, keyBytes, iv, out var validPlaintext).Should().Be(OpenDataError.None);
        OpenDataPlaintext.Decrypt(invalid, keyBytes, iv, out var invalidPlaintext).Should().Be(OpenDataError.None, "a decryption never returns early on bad padding");
        using (validPlaintext)
        using (invalidPlaintext)
        {
            invalidPlaintext.Bytes.Length.Should().Be(validPlaintext.Bytes.Length);
            invalidPlaintext.Bytes.SequenceEqual(validPlaintext.Bytes).Should().BeTrue("the same bytes are parsed either way");

            var validCheck = rules.CheckProfile(validPlaintext.Bytes, out var validFields);
            var invalidCheck = rules.CheckProfile(invalidPlaintext.Bytes, out var invalidFields);
            invalidCheck.Should().Be(validCheck).And.Be(OpenDataError.None, "the whole parse and the watermark check ran on the invalid-padding bytes too");
            invalidFields.Should().BeEquivalentTo(validFields);
            validPlaintext.Conclude(validCheck).Should().Be(OpenDataError.None);
            invalidPlaintext.Conclude(invalidCheck).Should().Be(OpenDataError.DecryptionFailed, "the padding verdict is applied last, in one place");
        }

        _decryptor.TryDecryptUserProfile(valid, Convert.ToBase64String(iv), key, out _, out var validError).Should().BeTrue();
        _decryptor.TryDecryptUserProfile(invalid, Convert.ToBase64String(iv), key, out _, out var invalidError).Should().BeFalse();
        validError.Should().Be(OpenDataError.None);
        invalidError.Should().Be(OpenDataError.DecryptionFailed, "the verdict is applied at the end");
    }

    [Fact]
    public void EveryDecryptApi_GarbageWithValidOrInvalidPadding_ThrowsAndCatchesNothingOnTheParsePath()
    {
        var key = TestClient.NewSessionKey();
        var random = new Random(41);
        var thread = Environment.CurrentManagedThreadId;
        var thrown = new List<string>();
        void OnFirstChance(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == thread && e.Exception is not OpenDataException)
            {
                thrown.Add(e.Exception.GetType().Name);
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += OnFirstChance;
        try
        {
            for (var i = 0; i < 2_000; i++)
            {
                // Garbage that ends in a valid 1-byte padding, invalid UTF-8 and broken JSON included, and the same with bad padding.
                var garbage = new byte[47];
                random.NextBytes(garbage);
                garbage[0] = (byte)'{';
                var iv = RandomNumberGenerator.GetBytes(16);
                var validPadding = OpenDataCrypto.EncryptWithTail(garbage, [1], key, iv);
                var invalidPadding = OpenDataCrypto.EncryptWithTail(garbage, [0], key, iv);
                foreach (var data in new[] { validPadding, invalidPadding })
                {
                    var ivText = Convert.ToBase64String(iv);
                    _decryptor.TryDecryptUserProfile(data, ivText, key, out _, out var error).Should().BeFalse();
                    error.Should().Be(OpenDataError.DecryptionFailed);
                    _verifier.TryVerifyAndDecrypt("{\"a\":1}", OpenDataCrypto.Sha1Hex("{\"a\":1}" + key), data, ivText, key, out _, out error).Should().BeFalse();
                    error.Should().Be(OpenDataError.EncryptedDataTampered, "the signature verified, so the failure names tampering, on either padding verdict");
                    _decryptor.Invoking(v => v.DecryptPhoneNumber(data, ivText, key)).Should().Throw<OpenDataException>().Which.Error.Should().Be(OpenDataError.DecryptionFailed);
                    _decryptor.Invoking(v => v.Decrypt(data, ivText, key, Reliability.FuzzJsonContext.Default.ProfileModel))
                        .Should().Throw<OpenDataException>().Which.Error.Should().Be(OpenDataError.DecryptionFailed);
                }
            }
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= OnFirstChance;
        }

        thrown.Should().BeEmpty("no exception is thrown or caught between AES and the verdict");
    }

    [Fact]
    public async Task VerifyAndDecrypt_SignatureVerifiesButTheCiphertextWasAltered_NamesTamperingNotAStaleKey()
    {
        var key = TestClient.NewSessionKey();
        var result = await TestClient.Create(sessionKey: key).GetUserProfileAsync(new Option { Desc = "ok" });
        var cipher = Convert.FromBase64String(result.EncryptedData);
        cipher[^17] ^= 0x5a; // the second-to-last block: the last block decrypts to other bytes, its padding almost surely broken

        var error = _verifier.Invoking(v => v.VerifyAndDecrypt(result.RawData, result.Signature, Convert.ToBase64String(cipher), result.Iv, key))
            .Should().Throw<OpenDataException>().Which;

        error.Error.Should().Be(OpenDataError.EncryptedDataTampered);
        error.ErrorCode.Should().Be(-41003);
        error.Reason.Should().Contain("altered").And.NotContain("almost certainly stale");
        _decryptor.Invoking(d => d.DecryptUserProfile(Convert.ToBase64String(cipher), result.Iv, key))
            .Should().Throw<OpenDataException>().Which.Error.Should().Be(OpenDataError.DecryptionFailed, "without a verified signature, the key cannot be told current");
    }

    // 2. IV rewrites of the first block.
    [Fact]
    public void VerifyAndDecrypt_OfficialExampleWithOpenIdRewrittenThroughTheIv_NeverReturnsTheOpenId()
    {
        var (rawData, signature) = SignedRawDataOfTheOfficialExample();
        var tampered = OpenDataCrypto.RewriteFirstBlock(OfficialExamples.Iv, "{\"openId\":\"oGZUI", "{\"openId\":\"ADMIN");
        var verifier = new UserProfileVerifier(new OpenDataOptions { AppId = OfficialExamples.AppId });
        var decryptor = new OpenDataDecryptor(new OpenDataOptions { AppId = OfficialExamples.AppId });

        decryptor.DecryptUserProfile(OfficialExamples.EncryptedData, tampered, OfficialExamples.SessionKey).OpenId
            .Should().StartWith("ADMIN", "decryption alone cannot see an IV rewrite, as documented");
        var profile = verifier.VerifyAndDecrypt(rawData, signature, OfficialExamples.EncryptedData, tampered, OfficialExamples.SessionKey);

        profile.OpenId.Should().BeNull("the first block is the IV's to rewrite, so an openId from encryptedData is never trusted");
        profile.UnionId.Should().BeNull();
        profile.NickName.Should().Be("Band");
    }

    [Fact]
    public void VerifyAndDecrypt_OfficialExampleWithAnUnknownMemberThroughTheIv_IsRawDataMismatch()
    {
        var (rawData, signature) = SignedRawDataOfTheOfficialExample();
        var tampered = OpenDataCrypto.RewriteFirstBlock(OfficialExamples.Iv, "{\"openId\":\"oGZUI", "{\"openIX\":\"oGZUI");
        var verifier = new UserProfileVerifier(new OpenDataOptions { AppId = OfficialExamples.AppId });
        var decryptor = new OpenDataDecryptor(new OpenDataOptions { AppId = OfficialExamples.AppId });

        verifier.Invoking(v => v.VerifyAndDecrypt(rawData, signature, OfficialExamples.EncryptedData, tampered, OfficialExamples.SessionKey))
            .Should().Throw<OpenDataException>().Which.Error.Should().Be(OpenDataError.RawDataMismatch);
    }

    [Theory]
    [InlineData("{\"openId\":\"ab\",\"")]
    [InlineData("{\"unionId\":\"a\",\"")]
    public async Task VerifyAndDecrypt_EmptyNickNameRewrittenIntoAnotherMember_IsRawDataMismatch(string firstBlock)
    {
        var key = TestClient.NewSessionKey();
        var result = await TestClient.Create(sessionKey: key, profiles: new InMemoryUserProfileSource(new UserInfo { NickName = "", AvatarUrl = "a" }))
            .GetUserProfileAsync(new Option { Desc = "ok" });
        var tampered = OpenDataCrypto.RewriteFirstBlock(result.Iv, "{\"nickName\":\"\",\"", firstBlock);

        _verifier.Invoking(v => v.VerifyAndDecrypt(result.RawData, result.Signature, result.EncryptedData, tampered, key))
            .Should().Throw<OpenDataException>().Which.Error.Should().Be(OpenDataError.RawDataMismatch, "a member missing from the plaintext is never equal to \"\"");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void VerifyAndDecrypt_MemberMissingOnOneSideEmptyOnTheOther_IsRawDataMismatch(bool missingFromPlaintext)
    {
        var key = TestClient.NewSessionKey();
        const string WithCity = "{\"nickName\":\"Band\",\"gender\":1,\"language\":\"en\",\"city\":\"\",\"province\":\"\",\"country\":\"\",\"avatarUrl\":\"a\"}";
        const string WithoutCity = "{\"nickName\":\"Band\",\"gender\":1,\"language\":\"en\",\"province\":\"\",\"country\":\"\",\"avatarUrl\":\"a\"}";
        var (rawData, plaintextFields) = missingFromPlaintext ? (WithCity, WithoutCity) : (WithoutCity, WithCity);
        var plaintext = plaintextFields[..^1] + ",\"watermark\":{\"timestamp\":1,\"appid\":\"" + TestClient.AppId + "\"}}";
        var iv = RandomNumberGenerator.GetBytes(16);

        _verifier.Invoking(v => v.VerifyAndDecrypt(rawData, OpenDataCrypto.Sha1Hex(rawData + key), OpenDataCrypto.Encrypt(plaintext, key, iv), Convert.ToBase64String(iv), key))
            .Should().Throw<OpenDataException>().Which.Error.Should().Be(OpenDataError.RawDataMismatch);
    }

    // 3. What the client writes, the server reads.
    [Fact]
    public async Task VerifyAndDecrypt_LoneSurrogatesTheClientEscapes_RoundTrip()
    {
        // Built in code: attribute arguments cannot carry lone surrogates.
        foreach (var nickName in new[] { "Band\uD83D", "\uDE00\uD83D", "\uDC00", "a\uD800\uD800b" })
        {
            await RoundTripAsync(nickName);
        }
    }

    private async Task RoundTripAsync(string nickName)
    {
        var key = TestClient.NewSessionKey();
        var profile = new UserInfo { NickName = nickName, City = nickName, AvatarUrl = "a" };
        var result = await TestClient.Create(sessionKey: key, profiles: new InMemoryUserProfileSource(profile)).GetUserProfileAsync(new Option { Desc = "ok" });

        result.RawData.Should().Contain("\\ud", "JSON.stringify escapes a lone surrogate");
        _verifier.VerifyAndDecrypt(result, key).UserInfo.Should().Be(profile);

        // The slow path reads the escapes too: rawData re-ordered is no longer a byte prefix of the plaintext.
        var reordered = "{\"avatarUrl\":\"a\"," + result.RawData[1..result.RawData.IndexOf(",\"avatarUrl\"", StringComparison.Ordinal)] + "}";
        _verifier.VerifyAndDecrypt(reordered, OpenDataCrypto.Sha1Hex(reordered + key), result.EncryptedData, result.Iv, key).UserInfo.Should().Be(profile);
    }

    [Fact]
    public async Task VerifyAndDecrypt_RandomStringsWithSurrogatesAndControls_AllRoundTrip()
    {
        var random = new Random(2027);
        var key = TestClient.NewSessionKey();
        for (var i = 0; i < 500; i++)
        {
            var profile = new UserInfo { NickName = RandomUtf16(random), City = RandomUtf16(random), AvatarUrl = RandomUtf16(random) };
            var result = await TestClient.Create(sessionKey: key, profiles: new InMemoryUserProfileSource(profile)).GetUserProfileAsync(new Option { Desc = "ok" });

            _verifier.VerifyAndDecrypt(result, key).UserInfo.Should().Be(profile, $"case {i}");
        }
    }

    // 4. One meaning for the session key.
    [Theory]
    [InlineData("HyVFkGl5F5OQWJZZaNzBBh==")] // stray bits in the last character
    [InlineData("HyVFkGl5F5OQWJZZaNzBBg== ")]
    [InlineData(" HyVFkGl5F5OQWJZZaNzBBg==")]
    [InlineData("HyVFkGl5F5OQWJZZaNzBBg==\r\n")]
    [InlineData("HyVFkGl5F5OQWJZZ aNzBBg==")]
    [InlineData("HyVFkGl5F5OQWJZZaNzBBg")]
    public async Task NonCanonicalSessionKey_IsRejectedByEveryApiOnBothHalves(string key)
    {
        var canonical = OfficialExamples.SignatureSessionKey;
        var result = await TestClient.Create(sessionKey: canonical).GetUserProfileAsync(new Option { Desc = "ok" });

        UserProfileVerifier.VerifySignature(result.RawData, OpenDataCrypto.Sha1Hex(result.RawData + key), key).Should().BeFalse();
        _decryptor.TryDecryptUserProfile(result.EncryptedData, result.Iv, key, out _, out var error).Should().BeFalse();
        error.Should().Be(OpenDataError.InvalidSessionKey);
        _verifier.TryVerifyAndDecrypt(result.RawData, OpenDataCrypto.Sha1Hex(result.RawData + key), result.EncryptedData, result.Iv, key, out _, out error).Should().BeFalse();
        error.Should().Be(OpenDataError.InvalidSessionKey);
        _decryptor.Invoking(v => v.DecryptPhoneNumber(result.EncryptedData, result.Iv, key)).Should().Throw<OpenDataException>().Which.ErrorCode.Should().Be(-41001);

        var client = TestClient.Create(sessionKey: key);
        (await client.Invoking(c => c.GetUserProfileAsync(new Option { Desc = "ok" })).Should().ThrowAsync<UserProfileException>())
            .Which.ErrMsg.Should().Be(ErrMsgs.InvalidSessionKey, "the client signs only with a key the backend can hold");
    }

    [Fact]
    public async Task CanonicalSessionKey_SignsAndVerifiesTheSameOnBothHalves()
    {
        var key = OfficialExamples.SignatureSessionKey;
        var result = await TestClient.Create(sessionKey: key).GetUserProfileAsync(new Option { Desc = "ok" });

        UserProfileVerifier.VerifySignature(result.RawData, result.Signature, key).Should().BeTrue();
        _verifier.VerifyAndDecrypt(result, key).Should().NotBeNull();
    }

    // 5. Strict JSON, in every decrypt API.
    public static TheoryData<string, byte[]> MalformedPlaintexts()
    {
        var good = "\"watermark\":{\"timestamp\":1,\"appid\":\"" + TestClient.AppId + "\"}";
        var body = "{\"phoneNumber\":\"1\",\"purePhoneNumber\":\"1\",\"countryCode\":\"86\",\"nickName\":\"n\",";
        return new TheoryData<string, byte[]>
        {
            { "duplicate appid inside the watermark", Encoding.UTF8.GetBytes(body + "\"watermark\":{\"timestamp\":1,\"appid\":\"wx0123456789abcdef\",\"appid\":\"" + TestClient.AppId + "\"}}") },
            { "duplicate timestamp inside the watermark", Encoding.UTF8.GetBytes(body + "\"watermark\":{\"timestamp\":1,\"timestamp\":2,\"appid\":\"" + TestClient.AppId + "\"}}") },
            { "two top-level watermarks, the wrong one first", Encoding.UTF8.GetBytes(body + "\"watermark\":{\"timestamp\":1,\"appid\":\"wx0123456789abcdef\"}," + good + "}") },
            { "0xFF inside a skipped member", [.. Encoding.UTF8.GetBytes(body + "\"x\":\""), 0xFF, .. Encoding.UTF8.GetBytes("\"," + good + "}")] },
            { "overlong C0 80 inside a skipped member", [.. Encoding.UTF8.GetBytes(body + "\"x\":\""), 0xC0, 0x80, .. Encoding.UTF8.GetBytes("\"," + good + "}")] },
            { "an encoded surrogate ED A0 80", [.. Encoding.UTF8.GetBytes(body + "\"x\":\""), 0xED, 0xA0, 0x80, .. Encoding.UTF8.GetBytes("\"," + good + "}")] },
            { "duplicate member deep inside a skipped object", Encoding.UTF8.GetBytes(body + "\"x\":{\"a\":1,\"a\":2}," + good + "}") },
            { "trailing comma", Encoding.UTF8.GetBytes(body + good + ",}") },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedPlaintexts))]
    public void EveryDecryptApi_MalformedPlaintext_IsTheIndistinguishableMinus41003(string shape, byte[] plaintext)
    {
        var key = TestClient.NewSessionKey();
        var iv = RandomNumberGenerator.GetBytes(16);
        var data = OpenDataCrypto.EncryptBytes(plaintext, key, iv);
        var ivText = Convert.ToBase64String(iv);

        _decryptor.TryDecryptUserProfile(data, ivText, key, out _, out var error).Should().BeFalse(shape);
        error.Should().Be(OpenDataError.DecryptionFailed, shape);
        _decryptor.Invoking(v => v.DecryptPhoneNumber(data, ivText, key)).Should().Throw<OpenDataException>().Which.Error.Should().Be(OpenDataError.DecryptionFailed, shape);
        _decryptor.Invoking(v => v.Decrypt(data, ivText, key, Reliability.FuzzJsonContext.Default.ProfileModel))
            .Should().Throw<OpenDataException>().Which.Error.Should().Be(OpenDataError.DecryptionFailed, shape);
    }

    [Fact]
    public void EveryDecryptApi_TheSameShapesWellFormed_Succeed()
    {
        var key = TestClient.NewSessionKey();
        var iv = RandomNumberGenerator.GetBytes(16);
        var plaintext = "{\"phoneNumber\":\"1\",\"purePhoneNumber\":\"1\",\"countryCode\":\"86\",\"nickName\":\"n\",\"x\":{\"a\":[1,2.5e3,true,null]},"
            + "\"watermark\":{\"timestamp\":1,\"appid\":\"" + TestClient.AppId + "\"}}";
        var data = OpenDataCrypto.Encrypt(plaintext, key, iv);
        var ivText = Convert.ToBase64String(iv);

        _decryptor.DecryptUserProfile(data, ivText, key).NickName.Should().Be("n");
        _decryptor.DecryptPhoneNumber(data, ivText, key).CountryCode.Should().Be("86");
        _decryptor.Decrypt(data, ivText, key, Reliability.FuzzJsonContext.Default.ProfileModel).NickName.Should().Be("n");
    }

    // 7. Errors that point the right way.
    [Theory]
    [InlineData(null, "s", "e", "i", OpenDataError.MissingRawData, -41003, "rawData")]
    [InlineData("", "s", "e", "i", OpenDataError.MissingRawData, -41003, "rawData")]
    [InlineData("r", null, "e", "i", OpenDataError.MissingSignature, -41003, "signature")]
    [InlineData("r", "", "e", "i", OpenDataError.MissingSignature, -41003, "signature")]
    [InlineData("r", "s", null, "i", OpenDataError.MissingEncryptedData, -41003, "encryptedData")]
    [InlineData("r", "s", "", "i", OpenDataError.MissingEncryptedData, -41003, "encryptedData")]
    [InlineData("r", "s", "e", null, OpenDataError.MissingIv, -41002, "iv")]
    [InlineData("r", "s", "e", "", OpenDataError.MissingIv, -41002, "iv")]
    public void VerifyAndDecrypt_MissingField_NamesTheFieldAndNeverBlamesTheKey(
        string? rawData, string? signature, string? encryptedData, string? iv, OpenDataError expected, int code, string field)
    {
        var error = _verifier.Invoking(v => v.VerifyAndDecrypt(rawData!, signature!, encryptedData!, iv!, TestClient.NewSessionKey()))
            .Should().Throw<OpenDataException>().Which;

        error.Error.Should().Be(expected);
        error.ErrorCode.Should().Be(code);
        error.Reason.Should().StartWith(field + " is missing").And.NotContainAny("stale", "session_key");
    }

    [Fact]
    public void DecryptUserProfile_MissingEncryptedDataOrIv_NamesTheField()
    {
        _decryptor.TryDecryptUserProfile(null!, "iv", TestClient.NewSessionKey(), out _, out var error).Should().BeFalse();
        error.Should().Be(OpenDataError.MissingEncryptedData);
        _decryptor.TryDecryptUserProfile("data", "", TestClient.NewSessionKey(), out _, out error).Should().BeFalse();
        error.Should().Be(OpenDataError.MissingIv);
    }

    [Fact]
    public void OpenDataException_StandardConstructors_DoNotInventACause()
    {
        new OpenDataException().Error.Should().Be(OpenDataError.Unspecified);
        var withMessage = new OpenDataException("the cache lost the session");
        withMessage.Error.Should().Be(OpenDataError.Unspecified);
        withMessage.Reason.Should().Be("the cache lost the session");
        withMessage.Reason.Should().NotContain("stale");
        new OpenDataException("m", new InvalidOperationException()).Error.Should().Be(OpenDataError.Unspecified);
    }

    [Fact]
    public void UserInfo_ToString_RedactsThePersonalData()
    {
        var text = new UserInfo { NickName = "Secret Name", City = "Shenzhen", AvatarUrl = "https://a/secret" }.ToString();

        text.Should().NotContainAny("Secret", "Shenzhen", "https");
    }

    private static (string RawData, string Signature) SignedRawDataOfTheOfficialExample()
    {
        using var plaintext = JsonDocument.Parse(OpenDataCrypto.Decrypt(OfficialExamples.EncryptedData, OfficialExamples.Iv, OfficialExamples.SessionKey));
        var root = plaintext.RootElement;
        var rawData = "{" + string.Join(",", new[] { "nickName", "gender", "language", "city", "province", "country", "avatarUrl" }
            .Select(name => $"\"{name}\":{root.GetProperty(name).GetRawText()}")) + "}";
        return (rawData, OpenDataCrypto.Sha1Hex(rawData + OfficialExamples.SessionKey));
    }

    /// <summary>UTF-8 of <paramref name="json"/>, padded with spaces after the object to whole AES blocks.</summary>
    private static byte[] WholeBlocks(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        return [.. bytes, .. Enumerable.Repeat((byte)' ', (16 - (bytes.Length % 16)) % 16)];
    }

    private const string Tricky = "\"\\/<>&+\u2028\u2029\u007f";

    private static string RandomUtf16(Random random)
    {
        var chars = new char[random.Next(0, 12)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = random.Next(5) switch
            {
                0 => (char)random.Next(0xD800, 0xE000), // a surrogate, often lone or reversed
                1 => (char)random.Next(0, 0x20),
                2 => Tricky[random.Next(Tricky.Length)],
                3 => (char)random.Next(0x4E00, 0x9FFF),
                _ => (char)random.Next(0x20, 0x7F),
            };
        }

        return new string(chars);
    }
}
