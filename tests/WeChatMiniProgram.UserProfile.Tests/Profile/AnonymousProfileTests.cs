namespace WeChatMiniProgram.UserProfile.Tests.Profile;

public sealed class AnonymousProfileTests
{
    [Theory]
    [InlineData(AnonymousProfile.AvatarUrl)]
    [InlineData("https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/0")]
    [InlineData("http://wx.qlogo.cn/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/64")]
    [InlineData("")]
    public void IsAnonymous_TheNicknameWithTheGreyAvatarAtAnySizeOrNone_IsTrue(string avatarUrl)
        => AnonymousProfile.IsAnonymous(new UserInfo { NickName = "微信用户", AvatarUrl = avatarUrl }).Should().BeTrue();

    [Theory]
    [InlineData("微信用户", "https://thirdwx.qlogo.cn/mmopen/vi_32/alicesOwnAvatar/132")]
    [InlineData("Alice", AnonymousProfile.AvatarUrl)]
    [InlineData("微信用户 ", AnonymousProfile.AvatarUrl)]
    [InlineData("微信用户", "https://evil.example/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/132")]
    public void IsAnonymous_AUsersOwnNicknameOrAvatar_IsFalse(string nickName, string avatarUrl)
        => AnonymousProfile.IsAnonymous(new UserInfo { NickName = nickName, AvatarUrl = avatarUrl }).Should().BeFalse();

    [Fact]
    public void WhatTheClientReturnsFrom2_27_1_IsRecognised()
    {
        AnonymousProfile.IsAnonymous(AnonymousProfile.Value).Should().BeTrue();
        AnonymousProfile.IsGreyAvatar("not a url").Should().BeFalse();
        AnonymousProfile.IsGreyAvatar(null).Should().BeFalse();
        FluentActions.Invoking(() => AnonymousProfile.IsAnonymous(null!)).Should().Throw<ArgumentNullException>();
    }
}
