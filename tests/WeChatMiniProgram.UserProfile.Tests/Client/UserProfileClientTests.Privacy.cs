using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Client;

/// <summary>What WeChat does today: the profile follows the base library, privacy gating, and an option read once.</summary>
public sealed partial class UserProfileClientTests
{
    private static readonly UserInfo RealUser = new() { NickName = "Real", Gender = Gender.Male, City = "Guangzhou", AvatarUrl = "https://a/real" };

    [Theory]
    [InlineData("3.0.0", true)]
    [InlineData("2.27.1", true)]
    [InlineData("2.27.0", false)]
    [InlineData("2.26.0", false)]
    public async Task GetUserProfileAsync_DefaultProfileSetting_FollowsTheBaseLibrary(string baseLibrary, bool anonymised)
    {
        var client = TestClient.Create(profiles: new InMemoryUserProfileSource(RealUser), configure: o =>
        {
            o.AnonymousProfile = null; // the default
            o.BaseLibraryVersion = Version.Parse(baseLibrary);
        });

        var result = await client.GetUserProfileAsync(new Option { Desc = "ok" });

        result.UserInfo.NickName.Should().Be(anonymised ? "微信用户" : "Real");
    }

    [Fact]
    public async Task GetUserProfileAsync_ExplicitRealProfileOverride_SharesTheRealProfileOnACurrentBaseLibrary()
    {
        var client = TestClient.Create(profiles: new InMemoryUserProfileSource(RealUser), configure: o =>
        {
            o.BaseLibraryVersion = new Version(3, 0, 0);
            o.AnonymousProfile = false;
        });

        (await client.GetUserProfileAsync(new Option { Desc = "ok" })).UserInfo.Should().Be(RealUser);
    }

    [Fact]
    public async Task GetUserProfileAsync_ScopeNotDeclaredInThePrivacyAgreement_FailsWithErrno112BeforeAnyPrompt()
    {
        var prompt = new InMemoryConsentPromptProvider();
        var privacy = new InMemoryPrivacyAuthorizationProvider();
        var client = new UserProfileClient(
            TestClient.Options(configure: o => o.PrivacyAgreementScopes = ["Location"]), prompt, InMemoryUserProfileSource.Demo, new InMemorySessionKeyProvider(), privacy);
        CallbackResult? failed = null;

        var error = (await client.Invoking(c => c.GetUserProfileAsync(new Option { Desc = "ok", Fail = r => failed = r })).Should().ThrowAsync<UserProfileException>()).Which;

        error.ErrMsg.Should().Be("getUserProfile:fail api scope is not declared in the privacy agreement");
        error.ErrNo.Should().Be(112);
        failed!.ErrNo.Should().Be(112);
        prompt.Requests.Should().BeEmpty();
        privacy.RequestCount.Should().Be(0);
    }

    [Fact]
    public async Task GetUserProfileAsync_UserRefusesThePrivacyAgreement_FailsWithErrno104AndIsAskedAgainNextTime()
    {
        var prompt = new InMemoryConsentPromptProvider();
        var privacy = new InMemoryPrivacyAuthorizationProvider(ConsentDecision.Deny);
        var client = new UserProfileClient(TestClient.Options(), prompt, InMemoryUserProfileSource.Demo, new InMemorySessionKeyProvider(), privacy);

        for (var i = 1; i <= 2; i++)
        {
            var error = (await client.Invoking(c => c.GetUserProfileAsync(new Option { Desc = "ok" })).Should().ThrowAsync<UserProfileException>()).Which;
            error.ErrMsg.Should().Be("getUserProfile:fail privacy permission is not authorized");
            error.ErrNo.Should().Be(104);
            privacy.RequestCount.Should().Be(i, "a refusal is not remembered: WeChat asks again");
        }

        prompt.Requests.Should().BeEmpty("no consent prompt without the privacy agreement");
    }

    [Fact]
    public async Task GetUserProfileAsync_UserAgreesOnce_IsNotAskedAgainUntilRevoked()
    {
        var privacy = new InMemoryPrivacyAuthorizationProvider(ConsentDecision.Allow);
        var client = new UserProfileClient(TestClient.Options(), new InMemoryConsentPromptProvider(), InMemoryUserProfileSource.Demo, new InMemorySessionKeyProvider(), privacy);

        await client.GetUserProfileAsync(new Option { Desc = "ok" });
        await client.GetUserProfileAsync(new Option { Desc = "ok" });
        privacy.RequestCount.Should().Be(1);

        client.RevokePrivacyAuthorization();
        await client.GetUserProfileAsync(new Option { Desc = "ok" });
        privacy.RequestCount.Should().Be(2);
    }

    [Fact]
    public async Task GetUserProfileAsync_PrivacyProviderReturnsGarbage_FailsWithInternalError()
    {
        var privacy = new GarbagePrivacy();
        var client = new UserProfileClient(TestClient.Options(), new InMemoryConsentPromptProvider(), InMemoryUserProfileSource.Demo, new InMemorySessionKeyProvider(), privacy);

        (await client.Invoking(c => c.GetUserProfileAsync(new Option { Desc = "ok" })).Should().ThrowAsync<UserProfileException>())
            .Which.ErrMsg.Should().Be(ErrMsgs.InternalError);
    }

    [Fact]
    public async Task GetUserProfileAsync_HostMutatesTheOptionMidCall_TheCallUsesTheValuesItStartedWith()
    {
        var prompt = new InMemoryConsentPromptProvider();
        var calls = new List<string>();
        var option = new Option { Desc = "short desc", Lang = Language.ZhCN, Success = _ => calls.Add("success"), Complete = _ => calls.Add("complete") };
        var mutating = new MutatingSource(option);
        var client = TestClient.Create(prompt, mutating);

        var result = await client.GetUserProfileAsync(option);

        result.ErrMsg.Should().Be(ErrMsgs.Ok);
        prompt.Requests.Single().Desc.Should().Be("short desc", "the prompt shows the desc that was validated");
        prompt.Requests.Single().Lang.Should().Be(Language.ZhCN);
        calls.Should().Equal("success", "complete");
    }

    [Fact]
    public async Task GetUserProfileAsync_HostNullsTheOptionMidCall_FailAndCompleteStillRunOnce()
    {
        var calls = new List<string>();
        var option = new Option { Desc = "ok", Fail = r => calls.Add(r.ErrMsg), Complete = _ => calls.Add("complete") };
        var client = TestClient.Create(new InMemoryConsentPromptProvider(ConsentDecision.Deny), new MutatingSource(option));

        await client.Invoking(c => c.GetUserProfileAsync(option)).Should().ThrowAsync<UserProfileException>();

        calls.Should().Equal(ErrMsgs.AuthDeny, "complete");
    }

    /// <summary>A profile source that rewrites the caller's option while the call runs.</summary>
    private sealed class MutatingSource(Option option) : IUserProfileSource
    {
        public ValueTask<UserInfo> GetUserInfoAsync(Language lang, CancellationToken cancellationToken)
        {
            option.Desc = new string('x', 500);
            option.Lang = (Language)99;
            option.Success = null;
            option.Fail = null;
            option.Complete = null;
            return ValueTask.FromResult(RealUser);
        }
    }

    private sealed class GarbagePrivacy : IPrivacyAuthorizationProvider
    {
        public ValueTask<ConsentDecision> RequestAuthorizationAsync(PrivacyAuthorizationRequest request, CancellationToken cancellationToken)
            => ValueTask.FromResult((ConsentDecision)42);
    }
}
