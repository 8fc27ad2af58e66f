using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Diagnostics;

[Collection(TelemetryTests.Name)]
public sealed class UserProfileDiagnosticsTests
{
    [Fact]
    public async Task GetUserProfileAsync_Allowed_EmitsASpanAndCountsThePrompt()
    {
        using var telemetry = new TelemetryCapture();

        await TestClient.Create().GetUserProfileAsync(new Option { Desc = "ok", Lang = Language.ZhTW });

        var span = telemetry.Activities.Should().ContainSingle(a => a.OperationName == "UserProfile.GetUserProfile").Which;
        span.GetTagItem("userprofile.errmsg").Should().Be("getUserProfile:ok");
        span.GetTagItem("userprofile.lang").Should().Be("zh_TW");
        telemetry.Sum("userprofile.prompts.shown").Should().Be(1);
        telemetry.Sum("userprofile.prompts.allowed").Should().Be(1);
        telemetry.Sum("userprofile.prompts.denied").Should().Be(0);
        telemetry.Sum("userprofile.calls.failed").Should().Be(0);
    }

    [Fact]
    public async Task GetUserProfileAsync_DeniedAndInvalid_CountFailuresByErrMsg()
    {
        using var telemetry = new TelemetryCapture();
        var denying = TestClient.Create(new InMemoryConsentPromptProvider(ConsentDecision.Deny));

        await denying.Invoking(c => c.GetUserProfileAsync(new Option { Desc = "ok" })).Should().ThrowAsync<UserProfileException>();
        await denying.Invoking(c => c.GetUserProfileAsync(new Option())).Should().ThrowAsync<UserProfileException>();

        telemetry.Sum("userprofile.prompts.shown").Should().Be(1);
        telemetry.Sum("userprofile.prompts.denied").Should().Be(1);
        telemetry.Sum("userprofile.calls.failed", "userprofile.errmsg", ErrMsgs.AuthDeny).Should().Be(1);
        telemetry.Sum("userprofile.calls.failed", "userprofile.errmsg", ErrMsgs.DescMissing).Should().Be(1);
        telemetry.Activities.Should().HaveCount(2).And.OnlyContain(a => a.Status == System.Diagnostics.ActivityStatusCode.Error);
    }

    [Fact]
    public async Task Verifier_EmitsASpanPerOperationAndCountsFailuresByCode()
    {
        var key = TestClient.NewSessionKey();
        var result = await TestClient.Create(sessionKey: key).GetUserProfileAsync(new Option { Desc = "ok" });
        var verifier = new UserProfileVerifier(new OpenDataOptions { AppId = TestClient.AppId });
        var decryptor = new OpenDataDecryptor(new OpenDataOptions { AppId = TestClient.AppId });
        using var telemetry = new TelemetryCapture();

        verifier.VerifyAndDecrypt(result, key);
        decryptor.TryDecryptUserProfile(result.EncryptedData, result.Iv, TestClient.NewSessionKey(), out _, out _);
        decryptor.Invoking(v => v.DecryptPhoneNumber(result.EncryptedData, "bad", key)).Should().Throw<OpenDataException>();

        telemetry.Activities.Select(a => a.OperationName).Should().Equal("UserProfile.VerifyAndDecrypt", "UserProfile.DecryptUserProfile", "UserProfile.Decrypt");
        telemetry.Activities.Select(a => a.GetTagItem("userprofile.error_code")).Should().Equal(0, -41003, -41002);
        telemetry.Sum("userprofile.server.failures", "userprofile.error_code", -41003).Should().Be(1);
        telemetry.Sum("userprofile.server.failures", "userprofile.error", "InvalidIv").Should().Be(1);
    }
}
