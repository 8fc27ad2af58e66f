using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Client;

public sealed partial class UserProfileClientTests
{
    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAA")] // 15 bytes
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAA=")] // 20 bytes
    [InlineData("AAAAAAAAAAAAAAAAAAAA AA==")] // a space inside
    public async Task GetUserProfileAsync_MalformedSessionKey_FailsWithInvalidSessionKey(string sessionKey)
    {
        var act = () => TestClient.Create(sessionKey: sessionKey).GetUserProfileAsync(new Option { Desc = "ok" });

        var error = (await act.Should().ThrowAsync<UserProfileException>()).Which;
        error.ErrMsg.Should().Be("getUserProfile:fail invalid session_key");
        if (sessionKey.Length > 0)
        {
            error.ToString().Should().NotContain(sessionKey, "the key never appears in an error");
        }
    }

    [Fact]
    public async Task GetUserProfileAsync_SessionKeyProviderReturnsNull_FailsWithInvalidSessionKey()
    {
        var client = new UserProfileClient(TestClient.Options(), new InMemoryConsentPromptProvider(), InMemoryUserProfileSource.Demo, new NullKeyProvider());

        var act = () => client.GetUserProfileAsync(new Option { Desc = "ok" });

        (await act.Should().ThrowAsync<UserProfileException>()).Which.ErrMsg.Should().Be(ErrMsgs.InvalidSessionKey);
    }

    [Fact]
    public async Task GetUserProfileAsync_PromptProviderThrows_FailsWithInternalErrorAndStaysUsable()
    {
        var prompt = new ThrowingPrompt();
        var client = TestClient.Create(prompt);

        var act = () => client.GetUserProfileAsync(new Option { Desc = "ok" });

        var error = (await act.Should().ThrowAsync<UserProfileException>()).Which;
        error.ErrMsg.Should().Be("getUserProfile:fail internal error");
        error.InnerException!.InnerException.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Be("prompt UI crashed");
        prompt.Throw = false;
        (await client.GetUserProfileAsync(new Option { Desc = "ok" })).ErrMsg.Should().Be(ErrMsgs.Ok);
    }

    [Fact]
    public async Task GetUserProfileAsync_PromptReturnsUndefinedDecision_FailsWithInternalError()
    {
        var client = TestClient.Create(new FixedPrompt((ConsentDecision)7));

        var act = () => client.GetUserProfileAsync(new Option { Desc = "ok" });

        (await act.Should().ThrowAsync<UserProfileException>()).Which.ErrMsg.Should().Be(ErrMsgs.InternalError);
    }

    [Fact]
    public async Task GetUserProfileAsync_ProfileSourceReturnsNullOrBadProfile_FailsWithInternalError()
    {
        foreach (var bad in new UserInfo?[] { null, new() { NickName = null! }, new() { Gender = (Gender)9 } })
        {
            var client = TestClient.Create(profiles: new FixedSource(bad));

            var act = () => client.GetUserProfileAsync(new Option { Desc = "ok" });

            (await act.Should().ThrowAsync<UserProfileException>()).Which.ErrMsg.Should().Be(ErrMsgs.InternalError);
        }
    }

    private sealed class NullKeyProvider : ISessionKeyProvider
    {
        public ValueTask<string> GetSessionKeyAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string>(null!);
    }

    private sealed class ThrowingPrompt : IConsentPromptProvider
    {
        public bool Throw { get; set; } = true;

        public ValueTask<ConsentDecision> PromptAsync(ConsentRequest request, CancellationToken cancellationToken)
            => Throw ? throw new InvalidOperationException("prompt UI crashed") : ValueTask.FromResult(ConsentDecision.Allow);
    }

    private sealed class FixedPrompt(ConsentDecision decision) : IConsentPromptProvider
    {
        public ValueTask<ConsentDecision> PromptAsync(ConsentRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(decision);
    }

    private sealed class FixedSource(UserInfo? profile) : IUserProfileSource
    {
        public ValueTask<UserInfo> GetUserInfoAsync(Language lang, CancellationToken cancellationToken) => ValueTask.FromResult(profile!);
    }
}
