using System.Text.Json.Serialization;
using UserProfile.Server;
using UserProfile.Tests.TestDoubles;
using Xunit.Abstractions;

namespace UserProfile.Tests.Reliability;

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
        var verifier = new UserProfileVerifier(new UserProfileVerifierOptions { AppId = TestClient.AppId });
        var mutator = new OpenDataMutator(seed: 20261121);
        var stats = new FuzzStats();
        var started = System.Diagnostics.Stopwatch.StartNew();

        for (var i = 0; i < cases; i++)
        {
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
                var accepted = Run(verifier, target, rawData, signature, encryptedData, iv, sessionKey, stats);
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

    private static bool Run(UserProfileVerifier verifier, string target, string rawData, string signature, string encryptedData, string iv, string sessionKey, FuzzStats stats)
    {
        switch (target)
        {
            case "VerifySignature":
                var ok = verifier.VerifySignature(rawData, signature, sessionKey);
                stats.Count(ok ? OpenDataError.None : OpenDataError.SignatureMismatch);
                return ok;
            case "TryDecryptUserProfile":
                var decrypted = verifier.TryDecryptUserProfile(encryptedData, iv, sessionKey, out var profile, out var error);
                (decrypted == (error == OpenDataError.None) && decrypted == (profile is not null)).Should().BeTrue("Try results are consistent");
                stats.Count(error);
                return decrypted;
            default:
                try
                {
                    _ = target switch
                    {
                        "DecryptUserProfile" => (object)verifier.DecryptUserProfile(encryptedData, iv, sessionKey),
                        "Decrypt<T>" => verifier.Decrypt(encryptedData, iv, sessionKey, FuzzJsonContext.Default.ProfileModel),
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
