using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Client;

public sealed partial class UserProfileClientTests
{
    [Fact]
    public async Task GetUserProfileAsync_Success_RunsSuccessThenCompleteOnceBeforeTheTaskEnds()
    {
        var calls = new List<string>();
        SuccessCallbackResult? successArg = null;
        CallbackResult? completeArg = null;
        var option = new Option
        {
            Desc = "ok",
            Success = r => { calls.Add("success"); successArg = r; },
            Fail = _ => calls.Add("fail"),
            Complete = r => { calls.Add("complete"); completeArg = r; },
        };

        var result = await TestClient.Create().GetUserProfileAsync(option);
        calls.Add("task");

        calls.Should().Equal("success", "complete", "task");
        successArg.Should().BeSameAs(result);
        completeArg.Should().BeSameAs(result);
    }

    [Fact]
    public async Task GetUserProfileAsync_Failure_RunsFailThenCompleteOnceThenFaults()
    {
        var calls = new List<string>();
        CallbackResult? failArg = null;
        CallbackResult? completeArg = null;
        var option = new Option
        {
            Desc = "ok",
            Success = _ => calls.Add("success"),
            Fail = r => { calls.Add("fail"); failArg = r; },
            Complete = r => { calls.Add("complete"); completeArg = r; },
        };

        var act = () => TestClient.Create(new InMemoryConsentPromptProvider(ConsentDecision.Deny)).GetUserProfileAsync(option);

        var error = (await act.Should().ThrowAsync<UserProfileException>()).Which;
        calls.Should().Equal("fail", "complete");
        failArg!.ErrMsg.Should().Be(ErrMsgs.AuthDeny).And.Be(error.ErrMsg);
        completeArg.Should().BeSameAs(failArg);
        failArg.Should().NotBeOfType<SuccessCallbackResult>();
    }

    [Fact]
    public async Task GetUserProfileAsync_SuccessCallbackThrows_CompleteStillRunsAndTheExceptionSurfaces()
    {
        var completed = 0;
        var boom = new InvalidOperationException("from success");
        var option = new Option { Desc = "ok", Success = _ => throw boom, Complete = _ => completed++ };

        var act = () => TestClient.Create().GetUserProfileAsync(option);

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Should().BeSameAs(boom);
        completed.Should().Be(1);
    }

    [Fact]
    public async Task GetUserProfileAsync_FailCallbackThrows_CompleteStillRunsAndTheExceptionSurfaces()
    {
        var completed = 0;
        var boom = new InvalidOperationException("from fail");
        var option = new Option { Desc = null, Fail = _ => throw boom, Complete = _ => completed++ };

        var act = () => TestClient.Create().GetUserProfileAsync(option);

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Should().BeSameAs(boom);
        completed.Should().Be(1);
    }

    [Fact]
    public async Task GetUserProfileAsync_CompleteCallbackThrows_TheExceptionSurfacesAfterSuccessRan()
    {
        var succeeded = 0;
        var boom = new InvalidOperationException("from complete");
        var option = new Option { Desc = "ok", Success = _ => succeeded++, Complete = _ => throw boom };

        var act = () => TestClient.Create().GetUserProfileAsync(option);

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Should().BeSameAs(boom);
        succeeded.Should().Be(1);
    }

    [Fact]
    public async Task GetUserProfileAsync_SuccessAndCompleteThrow_BothSurfaceInAnAggregate()
    {
        var first = new InvalidOperationException("success");
        var second = new ArgumentException("complete");
        var option = new Option { Desc = "ok", Success = _ => throw first, Complete = _ => throw second };

        var act = () => TestClient.Create().GetUserProfileAsync(option);

        (await act.Should().ThrowAsync<AggregateException>()).Which.InnerExceptions.Should().Equal(first, second);
    }
}
