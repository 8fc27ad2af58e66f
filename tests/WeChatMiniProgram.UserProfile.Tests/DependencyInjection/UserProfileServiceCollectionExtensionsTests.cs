using Microsoft.Extensions.DependencyInjection;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.DependencyInjection;

public sealed class UserProfileServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddUserProfileClient_ResolvesAWorkingClient()
    {
        using var provider = new ServiceCollection()
            .AddUserProfileClient(o => { o.AppId = TestClient.AppId; o.RequireUserGesture = false; })
            .AddInMemoryUserProfileHost()
            .BuildServiceProvider();

        var client = provider.GetRequiredService<IUserProfileClient>();
        var result = await client.GetUserProfileAsync(new Option { Desc = "ok" });

        result.ErrMsg.Should().Be(ErrMsgs.Ok);
        provider.GetRequiredService<IUserProfileClient>().Should().BeSameAs(client);
    }

    [Fact]
    public void AddUserProfileClient_CalledTwice_AddsNothingTheSecondTime()
    {
        var services = new ServiceCollection().AddUserProfileClient(o => o.AppId = "wx1111111111111111");
        var count = services.Count;

        services.AddUserProfileClient(o => o.AppId = "wx2222222222222222").Should().BeSameAs(services);

        services.Should().HaveCount(count);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<UserProfileClientOptions>().AppId.Should().Be("wx1111111111111111");
    }

    [Fact]
    public void AddUserProfileClient_WithoutTheHostsComponents_FailsAndNamesTheMissingOne()
    {
        using var provider = new ServiceCollection()
            .AddUserProfileClient(o => o.AppId = TestClient.AppId)
            .AddSingleton<IConsentPromptProvider>(new InMemoryConsentPromptProvider(ConsentDecision.Allow))
            .BuildServiceProvider();

        var act = () => provider.GetRequiredService<IUserProfileClient>();

        act.Should().Throw<InvalidOperationException>("nothing answers the prompt or supplies a profile for the user unless the host says so")
            .WithMessage("*IUserProfileSource*AddInMemoryUserProfileHost()*");
    }

    [Fact]
    public async Task AddUserProfileClient_HostRegistrations_WinOverTheInMemoryOnes()
    {
        var prompt = new InMemoryConsentPromptProvider(ConsentDecision.Deny);
        var services = new ServiceCollection();
        services.AddSingleton<IConsentPromptProvider>(prompt);
        services.AddUserProfileClient(o => { o.AppId = TestClient.AppId; o.RequireUserGesture = false; o.AnonymousProfile = false; });
        var source = new InMemoryUserProfileSource(new UserInfo { NickName = "Host user" });
        services.AddSingleton<IUserProfileSource>(source);
        services.AddInMemoryUserProfileHost();
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IUserProfileClient>().GetUserProfileAsync(new Option { Desc = "ok" });

        (await act.Should().ThrowAsync<UserProfileException>()).Which.ErrMsg.Should().Be(ErrMsgs.AuthDeny);
        prompt.Requests.Single().Preview.NickName.Should().Be("Host user");
    }

    [Fact]
    public void AddUserProfileClient_NullServices_Throws()
    {
        var act = () => UserProfileServiceCollectionExtensions.AddUserProfileClient(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("services");
    }
}
