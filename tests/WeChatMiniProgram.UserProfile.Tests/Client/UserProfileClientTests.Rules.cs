using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Client;

public sealed partial class UserProfileClientTests
{
    [Fact]
    public async Task GetUserProfileAsync_GestureRuleOnWithoutGesture_FailsWithTapError()
    {
        var prompt = new InMemoryConsentPromptProvider();
        var client = TestClient.Create(prompt, configure: o => o.RequireUserGesture = true);

        var act = () => client.GetUserProfileAsync(new Option { Desc = "ok" });

        (await act.Should().ThrowAsync<UserProfileException>())
            .Which.ErrMsg.Should().Be("getUserProfile:fail can only be invoked by user TAP gesture");
        prompt.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task GetUserProfileAsync_GestureRuleOnInsideGesture_SucceedsAcrossAwaits()
    {
        var client = TestClient.Create(configure: o => o.RequireUserGesture = true);

        SuccessCallbackResult result;
        using (UserGesture.Begin())
        {
            await Task.Yield();
            result = await Task.Run(() => client.GetUserProfileAsync(new Option { Desc = "ok" }));
        }

        result.ErrMsg.Should().Be(ErrMsgs.Ok);
    }

    [Fact]
    public async Task GetUserProfileAsync_GestureScopeDisposed_FailsAgain()
    {
        var client = TestClient.Create(configure: o => o.RequireUserGesture = true);
        using (UserGesture.Begin())
        {
            (await client.GetUserProfileAsync(new Option { Desc = "ok" })).ErrMsg.Should().Be(ErrMsgs.Ok);
        }

        var act = () => client.GetUserProfileAsync(new Option { Desc = "ok" });

        (await act.Should().ThrowAsync<UserProfileException>()).Which.ErrMsg.Should().Be(ErrMsgs.NotUserGesture);
    }

    [Fact]
    public async Task GetUserProfileAsync_GestureRuleOff_SucceedsWithoutGesture()
    {
        UserGesture.IsActive.Should().BeFalse();

        var result = await TestClient.Create(configure: o => o.RequireUserGesture = false).GetUserProfileAsync(new Option { Desc = "ok" });

        result.ErrMsg.Should().Be(ErrMsgs.Ok);
    }

    [Fact]
    public async Task GetUserProfileAsync_FifthCallWithinOneSecond_FailsFastWithTooFrequent()
    {
        var time = new TestClock();
        var prompt = new InMemoryConsentPromptProvider();
        var client = TestClient.Create(prompt, time: time);

        for (var i = 0; i < 4; i++)
        {
            (await client.GetUserProfileAsync(new Option { Desc = "ok" })).ErrMsg.Should().Be(ErrMsgs.Ok);
            time.Advance(TimeSpan.FromMilliseconds(200));
        }

        var act = () => client.GetUserProfileAsync(new Option { Desc = "ok" });

        (await act.Should().ThrowAsync<UserProfileException>()).Which.ErrMsg.Should().Be("getUserProfile:fail invoke getUserProfile too frequently");
        prompt.Requests.Should().HaveCount(4, "a call over the limit fails before the prompt");
    }

    [Fact]
    public async Task GetUserProfileAsync_AfterWindowSlides_AdmitsAgain()
    {
        var time = new TestClock();
        var client = TestClient.Create(time: time);
        for (var i = 0; i < 4; i++)
        {
            await client.GetUserProfileAsync(new Option { Desc = "ok" });
        }

        time.Advance(TimeSpan.FromMilliseconds(999));
        await client.Invoking(c => c.GetUserProfileAsync(new Option { Desc = "ok" })).Should().ThrowAsync<UserProfileException>();

        time.Advance(TimeSpan.FromMilliseconds(1));
        (await client.GetUserProfileAsync(new Option { Desc = "ok" })).ErrMsg.Should().Be(ErrMsgs.Ok);
    }

    [Fact]
    public async Task GetUserProfileAsync_RejectedCalls_DoNotCountTowardsTheLimit()
    {
        var time = new TestClock();
        var client = TestClient.Create(time: time, configure: o => o.MaxCallsPerSecond = 1);
        await client.GetUserProfileAsync(new Option { Desc = "ok" });
        for (var i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            await client.Invoking(c => c.GetUserProfileAsync(new Option { Desc = "ok" })).Should().ThrowAsync<UserProfileException>();
        }

        time.Advance(TimeSpan.FromMilliseconds(500)); // one second after the only admitted call

        (await client.GetUserProfileAsync(new Option { Desc = "ok" })).ErrMsg.Should().Be(ErrMsgs.Ok);
    }

    [Fact]
    public async Task GetUserProfileAsync_LimitTurnedOff_AdmitsEveryCall()
    {
        var client = TestClient.Create(configure: o => o.MaxCallsPerSecond = 0);

        for (var i = 0; i < 50; i++)
        {
            (await client.GetUserProfileAsync(new Option { Desc = "ok" })).ErrMsg.Should().Be(ErrMsgs.Ok);
        }
    }
}
