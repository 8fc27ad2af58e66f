using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.Server.Decrypt;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;
using Xunit.Abstractions;

namespace WeChatMiniProgram.UserProfile.Tests.Reliability;

/// <summary>A stale session key is never mistaken for data, and its failure looks the same whatever the cause.</summary>
public sealed class WrongSessionKeyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task DecryptUserProfile_100000RandomWrongKeys_AcceptsNoneAndAllFailIdentically()
    {
        var key = TestClient.NewSessionKey();
        var result = await TestClient.Create(sessionKey: key).GetUserProfileAsync(new Option { Desc = "ok" });
        var verifier = new UserProfileVerifier(new OpenDataOptions { AppId = TestClient.AppId });
        var decryptor = new OpenDataDecryptor(new OpenDataOptions { AppId = TestClient.AppId });
        var random = new Random(41003);
        var wrong = new byte[16];
        var accepted = 0;
        var messages = new HashSet<string>();
        var reasons = new HashSet<string>();
        var codes = new HashSet<int>();

        for (var i = 0; i < 100_000; i++)
        {
            random.NextBytes(wrong);
            try
            {
                decryptor.DecryptUserProfile(result.EncryptedData, result.Iv, Convert.ToBase64String(wrong));
                accepted++;
            }
            catch (OpenDataException ex)
            {
                messages.Add(ex.Message);
                reasons.Add(ex.Reason);
                codes.Add(ex.ErrorCode);
                ex.InnerException.Should().BeNull();
            }
        }

        output.WriteLine($"100,000 wrong keys: {accepted} accepted, codes {{{string.Join(", ", codes)}}}, {messages.Count} distinct message(s)");
        accepted.Should().Be(0);
        codes.Should().Equal(-41003);
        messages.Should().ContainSingle();
        reasons.Should().ContainSingle().Which.Should().Contain("stale");
    }

    [Fact]
    public void PaddingFailureAndJsonFailure_LookIdenticalToTheCaller()
    {
        var verifier = new UserProfileVerifier(new OpenDataOptions { AppId = TestClient.AppId });
        var decryptor = new OpenDataDecryptor(new OpenDataOptions { AppId = TestClient.AppId });
        var key = TestClient.NewSessionKey();
        // Valid padding, plaintext not JSON: what a wrong key produces in about 1 in 256 cases.
        var jsonFailure = Capture(() => decryptor.DecryptUserProfile(OpenDataDecryptorTests.Encrypt("\u0007garbage\u0000", key), OpenDataDecryptorTests.Iv, key));
        // Invalid padding: what a wrong key produces in the other 255.
        var paddingFailure = Capture(() => decryptor.DecryptUserProfile(OpenDataDecryptorTests.Encrypt("{}", key), OpenDataDecryptorTests.Iv, TestClient.NewSessionKey()));

        (jsonFailure.ErrorCode, jsonFailure.Error, jsonFailure.Message, jsonFailure.Reason)
            .Should().Be((paddingFailure.ErrorCode, paddingFailure.Error, paddingFailure.Message, paddingFailure.Reason));
        decryptor.TryDecryptUserProfile(OpenDataDecryptorTests.Encrypt("\u0007garbage", key), OpenDataDecryptorTests.Iv, key, out _, out var tryJson).Should().BeFalse();
        decryptor.TryDecryptUserProfile(OpenDataDecryptorTests.Encrypt("{}", key), OpenDataDecryptorTests.Iv, TestClient.NewSessionKey(), out _, out var tryPadding).Should().BeFalse();
        tryJson.Should().Be(tryPadding);
    }

    private static OpenDataException Capture(Action action)
    {
        var error = FluentActions.Invoking(action).Should().Throw<OpenDataException>().Which;
        return error;
    }
}
