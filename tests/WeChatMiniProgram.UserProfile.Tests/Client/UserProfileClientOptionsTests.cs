using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Client;

public sealed class UserProfileClientOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new UserProfileClientOptions();

        options.AppId.Should().BeNull();
        options.AppName.Should().Be("Mini Program");
        options.BaseLibraryVersion.Should().Be(new Version(3, 0, 0));
        options.Platform.Should().Be(HostPlatform.Weapp);
        options.EnableCloud.Should().BeFalse();
        options.RequireUserGesture.Should().BeTrue();
        options.MaxCallsPerSecond.Should().Be(4);
        options.AnonymousProfile.Should().BeNull("the profile follows the base library unless overridden");
        options.PrivacyAgreementScopes.Should().Equal(UserProfileClientOptions.UserInfoPrivacyScope);
        options.PromptTimeout.Should().Be(Timeout.InfiniteTimeSpan);
    }

    [Theory]
    [InlineData(null, "AppId is required")]
    [InlineData("", "AppId is required")]
    [InlineData("wx\"}", "AppId must be")]
    [InlineData("myapp", "AppId must be")]
    [InlineData(" wx4f4bc4dec97d474b", "AppId must be")]
    [InlineData("wx4f4bc4dec97d474b ", "AppId must be")]
    [InlineData("WX4F4BC4DEC97D474B", "AppId must be")]
    [InlineData("wx4f4bc4dec97d474", "AppId must be")]
    [InlineData("wx4f4bc4dec97d474g", "AppId must be")]
    public void GetValidationErrors_BadAppId_NamesIt(string? appId, string message)
    {
        new UserProfileClientOptions { AppId = appId }.GetValidationErrors().Should().ContainSingle().Which.Should().StartWith(message);

        var act = () => new UserProfileClient(new UserProfileClientOptions { AppId = appId }, new InMemoryConsentPromptProvider(), InMemoryUserProfileSource.Demo, new InMemorySessionKeyProvider());
        act.Should().Throw<ArgumentException>().WithMessage($"Invalid UserProfileClientOptions: {message}*");
    }

    [Fact]
    public void Constructor_SeveralProblems_NamesEachOneInOneException()
    {
        var options = new UserProfileClientOptions
        {
            AppId = TestClient.AppId,
            MaxCallsPerSecond = -1,
            PromptTimeout = TimeSpan.FromSeconds(-1),
            AnonymousProfile = true,
            BaseLibraryVersion = new Version(2, 27, 0),
            Platform = (HostPlatform)9,
        };

        var act = () => new UserProfileClient(options, new InMemoryConsentPromptProvider(), InMemoryUserProfileSource.Demo, new InMemorySessionKeyProvider());

        act.Should().Throw<ArgumentException>()
            .WithMessage("*MaxCallsPerSecond*")
            .WithMessage("*PromptTimeout*")
            .WithMessage("*AnonymousProfile requires BaseLibraryVersion 2.27.1*")
            .WithMessage("*Platform*");
    }

    [Fact]
    public void Client_IsBuiltWithInvalidOptions_Throws()
    {
        var act = () => new UserProfileClient(new UserProfileClientOptions(), new InMemoryConsentPromptProvider(), InMemoryUserProfileSource.Demo, new InMemorySessionKeyProvider());

        act.Should().Throw<ArgumentException>().WithMessage("*AppId is required*");
    }

    [Fact]
    public async Task Client_OptionsChangedAfterBuild_KeepsTheValidatedSnapshot()
    {
        var options = TestClient.Options();
        var client = new UserProfileClient(options, new InMemoryConsentPromptProvider(), InMemoryUserProfileSource.Demo, new InMemorySessionKeyProvider());
        options.Platform = HostPlatform.H5;

        (await client.GetUserProfileAsync(new Option { Desc = "ok" })).ErrMsg.Should().Be(ErrMsgs.Ok);
    }
}
