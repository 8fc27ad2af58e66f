using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Reliability;

/// <summary>Host code that throws or returns garbage fails the call clearly and leaves the client usable.</summary>
public sealed class FaultyHostTests
{
    public enum Fault
    {
        PromptThrowsSynchronously,
        PromptThrowsAsynchronously,
        PromptThrowsOperationCanceledOnItsOwn,
        PromptReturnsUndefinedDecision,
        ProfileThrows,
        ProfileReturnsNull,
        ProfileReturnsNullField,
        ProfileReturnsUndefinedGender,
        KeyThrows,
        KeyReturnsNull,
        KeyReturnsEmpty,
        KeyReturnsGarbage,
        KeyReturnsWrongLength,
    }

    [Theory]
    [InlineData(Fault.PromptThrowsSynchronously, ErrMsgs.InternalError)]
    [InlineData(Fault.PromptThrowsAsynchronously, ErrMsgs.InternalError)]
    [InlineData(Fault.PromptThrowsOperationCanceledOnItsOwn, ErrMsgs.InternalError)]
    [InlineData(Fault.PromptReturnsUndefinedDecision, ErrMsgs.InternalError)]
    [InlineData(Fault.ProfileThrows, ErrMsgs.InternalError)]
    [InlineData(Fault.ProfileReturnsNull, ErrMsgs.InternalError)]
    [InlineData(Fault.ProfileReturnsNullField, ErrMsgs.InternalError)]
    [InlineData(Fault.ProfileReturnsUndefinedGender, ErrMsgs.InternalError)]
    [InlineData(Fault.KeyThrows, ErrMsgs.InternalError)]
    [InlineData(Fault.KeyReturnsNull, ErrMsgs.InvalidSessionKey)]
    [InlineData(Fault.KeyReturnsEmpty, ErrMsgs.InvalidSessionKey)]
    [InlineData(Fault.KeyReturnsGarbage, ErrMsgs.InvalidSessionKey)]
    [InlineData(Fault.KeyReturnsWrongLength, ErrMsgs.InvalidSessionKey)]
    public async Task GetUserProfileAsync_FaultyHost_FailsWithAClearErrMsgAndTheClientStaysUsable(Fault fault, string errMsg)
    {
        var host = new FaultyHost { Fault = fault };
        var client = new UserProfileClient(TestClient.Options(), host, host, host);
        var callbacks = new List<string>();

        var act = () => client.GetUserProfileAsync(new Option { Desc = "ok", Fail = r => callbacks.Add(r.ErrMsg), Complete = r => callbacks.Add("complete") });

        var error = (await act.Should().ThrowAsync<UserProfileException>()).Which;
        error.ErrMsg.Should().Be(errMsg);
        callbacks.Should().Equal(errMsg, "complete");
        if (errMsg == ErrMsgs.InternalError)
        {
            error.InnerException.Should().NotBeNull("the cause is attached for the host's own logs");
        }

        host.Fault = null;
        (await client.GetUserProfileAsync(new Option { Desc = "ok" })).ErrMsg.Should().Be(ErrMsgs.Ok);
    }

    private sealed class FaultyHost : IConsentPromptProvider, IUserProfileSource, ISessionKeyProvider
    {
        private readonly string _key = TestClient.NewSessionKey();

        public Fault? Fault { get; set; }

        public ValueTask<ConsentDecision> PromptAsync(ConsentRequest request, CancellationToken cancellationToken) => Fault switch
        {
            FaultyHostTests.Fault.PromptThrowsSynchronously => throw new InvalidOperationException("sync"),
            FaultyHostTests.Fault.PromptThrowsAsynchronously => ThrowLater<ConsentDecision>(),
            FaultyHostTests.Fault.PromptThrowsOperationCanceledOnItsOwn => throw new OperationCanceledException("the host gave up by itself"),
            FaultyHostTests.Fault.PromptReturnsUndefinedDecision => ValueTask.FromResult((ConsentDecision)42),
            _ => ValueTask.FromResult(ConsentDecision.Allow),
        };

        public ValueTask<UserInfo> GetUserInfoAsync(Language lang, CancellationToken cancellationToken) => Fault switch
        {
            FaultyHostTests.Fault.ProfileThrows => ThrowLater<UserInfo>(),
            FaultyHostTests.Fault.ProfileReturnsNull => ValueTask.FromResult<UserInfo>(null!),
            FaultyHostTests.Fault.ProfileReturnsNullField => ValueTask.FromResult(new UserInfo { AvatarUrl = null! }),
            FaultyHostTests.Fault.ProfileReturnsUndefinedGender => ValueTask.FromResult(new UserInfo { Gender = (Gender)(-1) }),
            _ => ValueTask.FromResult(new UserInfo { NickName = "fine" }),
        };

        public ValueTask<string> GetSessionKeyAsync(CancellationToken cancellationToken) => Fault switch
        {
            FaultyHostTests.Fault.KeyThrows => ThrowLater<string>(),
            FaultyHostTests.Fault.KeyReturnsNull => ValueTask.FromResult<string>(null!),
            FaultyHostTests.Fault.KeyReturnsEmpty => ValueTask.FromResult(string.Empty),
            FaultyHostTests.Fault.KeyReturnsGarbage => ValueTask.FromResult("💥💥💥💥💥💥💥💥💥💥💥💥"),
            FaultyHostTests.Fault.KeyReturnsWrongLength => ValueTask.FromResult(Convert.ToBase64String(new byte[32])),
            _ => ValueTask.FromResult(_key),
        };

        private static async ValueTask<T> ThrowLater<T>()
        {
            await Task.Yield();
            throw new InvalidOperationException("async failure");
        }
    }
}
