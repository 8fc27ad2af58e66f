using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;
using Xunit.Abstractions;

namespace WeChatMiniProgram.UserProfile.Tests.Reliability;

/// <summary>
/// Fuzzes the server API with mutated valid payloads. Every outcome must be success or the documented
/// <see cref="OpenDataException"/>/<see cref="OpenDataError"/>; VerifyAndDecrypt must accept no input whose decoded
/// bytes differ from the original. The case count is 100,000, or USERPROFILE_FUZZ_CASES for the soak (tests/soak.sh).
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class ServerFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Targets = ["VerifySignature", "DecryptUserProfile", "TryDecryptUserProfile", "Decrypt<T>", "VerifyAndDecrypt"];

    [Fact]
    public async Task ServerApi_MutatedPayloads_OnlyDocumentedOutcomesAndNoAcceptedTampering()
    {
        var cases = int.TryParse(Environment.GetEnvironmentVariable("USERPROFILE_FUZZ_CASES"), out var n) ? n : 100_000;
        var key = TestClient.NewSessionKey();
        var original = await TestClient.Create(sessionKey: key, profiles: new InMemoryUserProfileSource(new UserInfo
        {
            NickName = "小明😀", Gender = Gender.Male, Language = "zh_CN", City = "广州", Province = "广东", Country = "中国",
            AvatarUrl = "https://thirdwx.qlogo.cn/mmopen/vi_32/" + new string('q', 90) + "/132",
        })).GetUserProfileAsync(new Option { Desc = "fuzz" });
        var verifier = new UserProfileVerifier(new OpenDataOptions { AppId = TestClient.AppId });
        var decryptor = new OpenDataDecryptor(new OpenDataOptions { AppId = TestClient.AppId });
        var mutator = new OpenDataMutator(seed: 20261121);
        var stats = new FuzzStats();
        var started = System.Diagnostics.Stopwatch.StartNew();

        var crafted = new CraftedCases(original, key);
        for (var i = 0; i < cases; i++)
        {
            if (i % 8 == 7)
            {
                // One case in eight is crafted rather than mutated: the attack classes of the security review.
                crafted.Run(verifier, decryptor, mutator, i, stats);
                continue;
            }

            var target = Targets[i % Targets.Length];
            var fields = new[] { original.RawData, original.Signature, original.EncryptedData, original.Iv, key };
            // Mutate one field, sometimes two.
            var mutations = 1 + (mutator.Next(4) == 0 ? 1 : 0);
            var kinds = new List<string>();
            for (var m = 0; m < mutations; m++)
            {
                var field = mutator.Next(fields.Length);
                var kind = mutator.PickKind();
                kinds.Add(kind);
                fields[field] = mutator.Mutate(fields[field], kind)!;
            }

            var (rawData, signature, encryptedData, iv, sessionKey) = (fields[0], fields[1], fields[2], fields[3], fields[4]);
            try
            {
                var accepted = Run(verifier, decryptor, target, rawData, signature, encryptedData, iv, sessionKey, stats);
                if (accepted && target == "VerifyAndDecrypt" && !SameDecodedInput(original, key, rawData, signature, encryptedData, iv, sessionKey))
                {
                    stats.AcceptedTampering.Add($"case {i}: {string.Join("+", kinds)}");
                }
            }
            catch (Exception ex) when (ex is not OpenDataException)
            {
                stats.Unexpected.Add($"case {i} {target} {string.Join("+", kinds)}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        output.WriteLine($"fuzz: {cases:N0} cases in {started.Elapsed.TotalSeconds:F1} s ({cases / started.Elapsed.TotalSeconds:N0} cases/s)");
        output.WriteLine($"  succeeded {stats.Successes:N0}, documented failures {stats.DocumentedFailures:N0}, unexpected exceptions {stats.Unexpected.Count}, accepted tampering {stats.AcceptedTampering.Count}");
        foreach (var (code, count) in stats.ByError.OrderBy(p => p.Key.ToString()))
        {
            output.WriteLine($"  {code} ({code.ToErrorCode()}): {count:N0}");
        }

        stats.Unexpected.Should().BeEmpty();
        stats.AcceptedTampering.Should().BeEmpty();
        stats.Successes.Should().BeGreaterThan(0, "unchanged and equivalent inputs must still succeed");
        stats.DocumentedFailures.Should().BeGreaterThan(cases / 2);
    }

    private static bool Run(UserProfileVerifier verifier, OpenDataDecryptor decryptor, string target, string rawData, string signature, string encryptedData, string iv, string sessionKey, FuzzStats stats)
    {
        switch (target)
        {
            case "VerifySignature":
                var ok = UserProfileVerifier.VerifySignature(rawData, signature, sessionKey);
                stats.Count(ok ? OpenDataError.None : OpenDataError.SignatureMismatch);
                return ok;
            case "TryDecryptUserProfile":
                var decrypted = decryptor.TryDecryptUserProfile(encryptedData, iv, sessionKey, out var profile, out var error);
                (decrypted == (error == OpenDataError.None) && decrypted == (profile is not null)).Should().BeTrue("Try results are consistent");
                stats.Count(error);
                return decrypted;
            default:
                try
                {
                    _ = target switch
                    {
                        "DecryptUserProfile" => (object)decryptor.DecryptUserProfile(encryptedData, iv, sessionKey),
                        "Decrypt<T>" => decryptor.Decrypt(encryptedData, iv, sessionKey, FuzzJsonContext.Default.ProfileModel),
                        _ => verifier.VerifyAndDecrypt(rawData, signature, encryptedData, iv, sessionKey),
                    };
                    stats.Count(OpenDataError.None);
                    return true;
                }
                catch (OpenDataException ex)
                {
                    ex.ErrorCode.Should().Be(ex.Error.ToErrorCode());
                    stats.Count(ex.Error);
                    return false;
                }
        }
    }

    private static bool SameDecodedInput(SuccessCallbackResult original, string key, string? rawData, string? signature, string? encryptedData, string? iv, string? sessionKey)
        => rawData is not null && signature is not null && encryptedData is not null && iv is not null && sessionKey is not null
            && rawData == original.RawData
            && string.Equals(signature, original.Signature, StringComparison.OrdinalIgnoreCase)
            && Decode(encryptedData).SequenceEqual(Decode(original.EncryptedData))
            && Decode(iv).SequenceEqual(Decode(original.Iv))
            && Decode(sessionKey).SequenceEqual(Decode(key));

    private static byte[] Decode(string value)
    {
        try
        {
            return Convert.FromBase64String(value.Replace(' ', '+'));
        }
        catch (FormatException)
        {
            return [0xDE, 0xAD];
        }
    }

    /// <summary>
    /// Well-formed attacks the byte mutations rarely hit: IV rewrites of the first block, duplicate watermark members,
    /// two watermarks, ill-formed UTF-8 in a member no one reads, and a lone surrogate the client legitimately escapes.
    /// Everything but the last must be rejected by every decrypt API; the last must verify.
    /// </summary>
    private sealed class CraftedCases(SuccessCallbackResult original, string key)
    {
        private static readonly string[] FirstBlocks = ["{\"openId\":\"ADMIN", "{\"openIX\":\"oGZUI", "{\"unionId\":\"a\",\"", "{\"openId\":\"ab\",\""];
        private static readonly string[] Kinds = ["iv-rewrite", "duplicate-watermark-member", "two-watermarks", "ill-formed-utf8", "lone-surrogate"];

        public void Run(UserProfileVerifier verifier, OpenDataDecryptor decryptor, OpenDataMutator mutator, int i, FuzzStats stats)
        {
            var kind = Kinds[mutator.Next(Kinds.Length)];
            try
            {
                if (kind == "lone-surrogate")
                {
                    var nick = "x" + (char)(0xD800 + mutator.Next(0x800)) + "y";
                    var legit = TestClient.Create(sessionKey: key, profiles: new InMemoryUserProfileSource(new UserInfo { NickName = nick, AvatarUrl = "a" }))
                        .GetUserProfileAsync(new Option { Desc = "fuzz" }).GetAwaiter().GetResult();
                    var ok = verifier.TryVerifyAndDecrypt(legit.RawData, legit.Signature, legit.EncryptedData, legit.Iv, key, out var profile, out var error);
                    stats.Count(error);
                    if (!ok || profile!.NickName != nick)
                    {
                        stats.Unexpected.Add($"case {i} {kind}: the client's own data was rejected with {error}");
                    }

                    return;
                }

                var (encryptedData, iv) = kind switch
                {
                    "iv-rewrite" => (original.EncryptedData, RewriteFirstBlock(mutator)),
                    _ => Encrypt(Plaintext(kind, mutator)),
                };
                var accepted = verifier.TryVerifyAndDecrypt(original.RawData, original.Signature, encryptedData, iv, key, out var verified, out var verifyError);
                stats.Count(verifyError);
                var decryptedModel = TryDecryptModel(decryptor, encryptedData, iv);
                if ((accepted && (kind != "iv-rewrite" || verified!.OpenId is not null)) || (kind != "iv-rewrite" && decryptedModel))
                {
                    stats.AcceptedTampering.Add($"case {i}: crafted {kind}");
                }
            }
            catch (Exception ex) when (ex is not OpenDataException)
            {
                stats.Unexpected.Add($"case {i} crafted {kind}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        private bool TryDecryptModel(OpenDataDecryptor decryptor, string encryptedData, string iv)
        {
            try
            {
                decryptor.Decrypt(encryptedData, iv, key, FuzzJsonContext.Default.ProfileModel);
                return true;
            }
            catch (OpenDataException)
            {
                return false;
            }
        }

        private string RewriteFirstBlock(OpenDataMutator mutator)
        {
            var firstBlock = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(original.RawData)[..16]);
            var target = mutator.Next(3) == 0 ? RandomBlock(mutator) : FirstBlocks[mutator.Next(FirstBlocks.Length)];
            return Encoding.UTF8.GetByteCount(firstBlock) == 16 ? OpenDataCrypto.RewriteFirstBlock(original.Iv, firstBlock, target) : original.Iv;
        }

        private static string RandomBlock(OpenDataMutator mutator)
        {
            const string Printable = "{}\":,abcdefgnopIdU0123456789 ";
            var block = new char[16];
            block[0] = '{';
            for (var c = 1; c < 16; c++)
            {
                block[c] = Printable[mutator.Next(Printable.Length)];
            }

            return new string(block);
        }

        private byte[] Plaintext(string kind, OpenDataMutator mutator)
        {
            var body = Encoding.UTF8.GetBytes(original.RawData[..^1] + ",");
            var good = "\"appid\":\"" + TestClient.AppId + "\"";
            var evil = "\"appid\":\"wx0123456789abcdef\"";
            var tail = kind switch
            {
                "duplicate-watermark-member" => mutator.Next(2) == 0
                    ? "\"watermark\":{\"timestamp\":1," + evil + "," + good + "}}"
                    : "\"watermark\":{\"timestamp\":1," + good + ",\"timestamp\":2}}",
                "two-watermarks" => "\"watermark\":{\"timestamp\":1," + evil + "},\"watermark\":{\"timestamp\":1," + good + "}}",
                _ => "\"x\":\"\u0001\",\"watermark\":{\"timestamp\":1," + good + "}}",
            };
            var bytes = body.Concat(Encoding.UTF8.GetBytes(tail)).ToArray();
            if (kind == "ill-formed-utf8")
            {
                // Replace the escaped control character inside "x" with an ill-formed sequence.
                byte[][] illFormed = [[0xFF, 0x20, 0x20, 0x20, 0x20, 0x20], [0xC0, 0x80, 0x20, 0x20, 0x20, 0x20], [0xED, 0xA0, 0x80, 0x20, 0x20, 0x20], [0xF4, 0x90, 0x80, 0x80, 0x20, 0x20]];
                var at = body.Length + 5;
                illFormed[mutator.Next(illFormed.Length)].CopyTo(bytes, at);
            }

            return bytes;
        }

        private (string EncryptedData, string Iv) Encrypt(byte[] plaintext)
        {
            var iv = RandomNumberGenerator.GetBytes(16);
            return (OpenDataCrypto.EncryptBytes(plaintext, key, iv), Convert.ToBase64String(iv));
        }
    }

    private sealed class FuzzStats
    {
        public int Successes { get; private set; }

        public int DocumentedFailures { get; private set; }

        public Dictionary<OpenDataError, int> ByError { get; } = [];

        public List<string> Unexpected { get; } = [];

        public List<string> AcceptedTampering { get; } = [];

        public void Count(OpenDataError error)
        {
            if (error == OpenDataError.None)
            {
                Successes++;
            }
            else
            {
                DocumentedFailures++;
            }

            ByError[error] = ByError.GetValueOrDefault(error) + 1;
        }
    }
}

public sealed record ProfileModel([property: JsonPropertyName("nickName")] string NickName);

[JsonSerializable(typeof(ProfileModel))]
internal sealed partial class FuzzJsonContext : JsonSerializerContext;
