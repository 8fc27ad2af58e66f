using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Tests.Options;

/// <summary>Each options type has one copy method, and it copies every property.</summary>
public sealed class OptionsCopyTests
{
    [Fact]
    public void UserProfileClientOptions_Clone_CopiesEveryProperty() => OptionsCopies.AssertCopiesEveryProperty<UserProfileClientOptions>(o => o.Clone());

    [Fact]
    public void OpenDataOptions_Clone_CopiesEveryProperty() => OptionsCopies.AssertCopiesEveryProperty<OpenDataOptions>(o => o.Clone());

    [Fact]
    public void WeChatApiOptions_Clone_CopiesEveryProperty() => OptionsCopies.AssertCopiesEveryProperty<WeChatApiOptions>(o => o.Clone());

    [Fact]
    public void WeChatSessionStoreOptions_Clone_CopiesEveryProperty() => OptionsCopies.AssertCopiesEveryProperty<WeChatSessionStoreOptions>(o => o.Clone());

    [Fact]
    public void WeChatPushOptions_Clone_CopiesEveryProperty() => OptionsCopies.AssertCopiesEveryProperty<WeChatPushOptions>(o => o.Clone());

    [Fact]
    public void UserProfileClientOptions_Clone_CopiesTheScopesNotTheList()
    {
        var options = new UserProfileClientOptions();
        var copy = options.Clone();

        options.PrivacyAgreementScopes.Add("Location");

        copy.PrivacyAgreementScopes.Should().Equal(UserProfileClientOptions.UserInfoPrivacyScope);
    }
}
