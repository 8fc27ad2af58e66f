using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Tests.Server.Sessions;

public sealed class WeChatSessionTests
{
    private const string AppId = "wx4f4bc4dec97d474b";
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static WeChatSession Login(string key, int minutes, string? unionId = null) => new(AppId, "oUser", unionId, key, T0.AddMinutes(minutes));

    [Fact]
    public void Merge_NothingStored_IsTheLogin()
    {
        var login = Login("k1", 1);

        WeChatSession.Merge(null, login).Should().BeSameAs(login);
    }

    [Fact]
    public void Merge_ALaterLogin_BecomesCurrentAndTheStoredKeyPrevious()
    {
        var stored = WeChatSession.Merge(Login("k0", 0), Login("k1", 1));

        var merged = WeChatSession.Merge(stored, Login("k2", 2));

        merged.SessionKey.Should().Be("k2");
        merged.IssuedAt.Should().Be(T0.AddMinutes(2));
        merged.PreviousSessionKey.Should().Be("k1", "the key just replaced, not an older one");
        merged.PreviousIssuedAt.Should().Be(T0.AddMinutes(1));
    }

    [Fact]
    public void Merge_ALoginOlderThanTheStoredPair_LeavesThePair()
    {
        var stored = WeChatSession.Merge(Login("k1", 1), Login("k2", 2));

        var merged = WeChatSession.Merge(stored, Login("k0", 0));

        (merged.SessionKey, merged.PreviousSessionKey).Should().Be(("k2", "k1"));
    }

    [Fact]
    public void Merge_ALoginBetweenTheStoredKeys_BecomesPrevious()
    {
        var stored = WeChatSession.Merge(Login("k0", 0), Login("k2", 2));

        var merged = WeChatSession.Merge(stored, Login("k1", 1));

        (merged.SessionKey, merged.PreviousSessionKey).Should().Be(("k2", "k1"));
    }

    [Fact]
    public void Merge_IsCommutativeAndIdempotent_OverEveryOrderOfFourLogins()
    {
        var logins = Enumerable.Range(0, 4).Select(i => Login("k" + i, i)).ToArray();
        foreach (var order in Permutations(logins))
        {
            var merged = order.Aggregate((WeChatSession?)null, WeChatSession.Merge)!;
            (merged.SessionKey, merged.PreviousSessionKey).Should().Be(("k3", "k2"), "order {0}", string.Join(",", order.Select(o => o.SessionKey)));
            var again = WeChatSession.Merge(merged, merged);
            (again.SessionKey, again.PreviousSessionKey, again.IssuedAt, again.PreviousIssuedAt).Should().Be((merged.SessionKey, merged.PreviousSessionKey, merged.IssuedAt, merged.PreviousIssuedAt));
        }

        // Two instances' pairs, merged either way round, give one pair.
        var a = WeChatSession.Merge(logins[0], logins[2]);
        var b = WeChatSession.Merge(logins[1], logins[3]);
        var ab = WeChatSession.Merge(a, b);
        var ba = WeChatSession.Merge(b, a);
        (ab.SessionKey, ab.PreviousSessionKey).Should().Be((ba.SessionKey, ba.PreviousSessionKey)).And.Be(("k3", "k2"));
    }

    [Fact]
    public void Merge_SameIssueTime_TheLoginBeingStoredWins()
    {
        var x = new WeChatSession(AppId, "oUser", null, "kA", T0);
        var y = new WeChatSession(AppId, "oUser", null, "kB", T0);

        (WeChatSession.Merge(x, y).SessionKey, WeChatSession.Merge(x, y).PreviousSessionKey).Should().Be(("kB", "kA"));
        (WeChatSession.Merge(y, x).SessionKey, WeChatSession.Merge(y, x).PreviousSessionKey).Should().Be(("kA", "kB"));
    }

    [Fact]
    public void Merge_KeepsTheUnionIdOfTheCurrentKeysLogin_OrTheOtherWhenItHasNone()
    {
        WeChatSession.Merge(Login("k0", 0, "uOld"), Login("k1", 1, "uNew")).UnionId.Should().Be("uNew");
        WeChatSession.Merge(Login("k0", 0, "uOld"), Login("k1", 1)).UnionId.Should().Be("uOld");
    }

    [Fact]
    public void Merge_AnotherUser_Throws()
    {
        var act = () => WeChatSession.Merge(Login("k0", 0), new WeChatSession(AppId, "oOther", null, "k1", T0));

        act.Should().Throw<ArgumentException>().WithMessage("*same AppId and openid*");
    }

    [Fact]
    public void Constructor_PreviousKeyWithoutItsTime_Throws()
    {
        var act = () => new WeChatSession(AppId, "oUser", null, "k1", T0, previousSessionKey: "k0");

        act.Should().Throw<ArgumentException>().WithMessage("*together*");
    }

    [Fact]
    public void ToString_RedactsBothKeys()
    {
        var text = new WeChatSession(AppId, "oUser", "uUser", "CURRENTKEY", T0, "PREVIOUSKEY", T0).ToString();

        text.Should().Contain("oUser").And.Contain("(redacted)").And.NotContain("CURRENTKEY").And.NotContain("PREVIOUSKEY");
    }

    private static IEnumerable<WeChatSession[]> Permutations(WeChatSession[] items)
        => items.Length <= 1
            ? [items]
            : items.SelectMany((item, i) => Permutations(items.Where((_, j) => j != i).ToArray()).Select(rest => new[] { item }.Concat(rest).ToArray()));
}
