using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Emulator.Tests.Page;

/// <summary>
/// The endpoints behind the page, in-process: <c>consent: "ask"</c> waits for an answer, prompts queue oldest first,
/// the ask timeout runs on the emulator's clock, and the page's files are served from the assembly.
/// </summary>
public sealed class WeChatEmulatorPageTests : IDisposable
{
    private const string AppId = "wx4f4bc4dec97d474b";
    private const string Secret = "0123456789abcdef0123456789abcdef";

    private readonly TestClock _time = new();
    private readonly WeChatEmulator _emulator;
    private readonly HttpClient _http;

    public WeChatEmulatorPageTests()
    {
        _emulator = new WeChatEmulator(new WeChatEmulatorOptions { AskTimeout = TimeSpan.FromSeconds(90) }, _time)
            .AddApp(new EmulatorApp(AppId, Secret) { Name = "Coffee Club" });
        _http = new HttpClient(_emulator.CreateHandler()) { BaseAddress = new Uri("http://127.0.0.1/") };
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Ask_WaitsForTheAnswer_AllowIsTheNormalResult()
    {
        await LoginAsync("alice");
        var call = AskAsync("alice", "Show your name on orders");
        await _emulator.WhenPromptsPending(1);
        call.IsCompleted.Should().BeFalse("the call waits until someone answers");

        var prompt = (await PromptsAsync()).Should().ContainSingle().Subject;
        prompt.GetProperty("appid").GetString().Should().Be(AppId);
        prompt.GetProperty("appName").GetString().Should().Be("Coffee Club");
        prompt.GetProperty("desc").GetString().Should().Be("Show your name on orders");
        prompt.GetProperty("lang").GetString().Should().Be("zh_CN");
        prompt.GetProperty("userInfo").GetProperty("nickName").GetString().Should().Be("微信用户", "from base library 2.27.1 the prompt shows the anonymised profile that will be shared");

        (await AnswerAsync(prompt.GetProperty("id").GetInt64(), "allow")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var response = await call;
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        result.GetProperty("errMsg").GetString().Should().Be("getUserProfile:ok");
        result.GetProperty("signature").GetString().Should().MatchRegex("^[0-9a-f]{40}$");
        (await PromptsAsync()).Should().BeEmpty("an answered prompt leaves the queue");
    }

    [Fact]
    public async Task Ask_Deny_Is400AuthDeny()
    {
        await LoginAsync("bob");
        var call = AskAsync("bob");
        await _emulator.WhenPromptsPending(1);

        (await AnswerAsync((await PromptsAsync())[0].GetProperty("id").GetInt64(), "deny")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var response = await call;
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errMsg").GetString().Should().Be("getUserProfile:fail auth deny");
    }

    [Fact]
    public async Task Ask_Unanswered_EndsAfterTheAskTimeoutWithAClearErrMsg()
    {
        await LoginAsync("alice");
        var call = AskAsync("alice");
        await _emulator.WhenPromptsPending(1);

        _time.Advance(TimeSpan.FromSeconds(89));
        call.IsCompleted.Should().BeFalse("the ask timeout is 90 s");
        _time.Advance(TimeSpan.FromSeconds(1));
        using var response = await call;

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("errMsg").GetString().Should().Be("getUserProfile:fail timeout");
        body.GetProperty("message").GetString().Should().Contain("No one answered").And.Contain("90 s");
        (await PromptsAsync()).Should().BeEmpty("a prompt whose call ended is no longer shown");
    }

    [Fact]
    public async Task Ask_SeveralCalls_QueueOldestFirst_EachAnsweredByItsId()
    {
        await LoginAsync("alice");
        await LoginAsync("bob");
        var first = AskAsync("alice");
        await _emulator.WhenPromptsPending(1);
        var second = AskAsync("bob");
        await _emulator.WhenPromptsPending(2);

        var prompts = await PromptsAsync();
        prompts.Select(p => p.GetProperty("userInfo").GetProperty("nickName").GetString()).Should().Equal("微信用户", "微信用户");
        prompts[0].GetProperty("id").GetInt64().Should().BeLessThan(prompts[1].GetProperty("id").GetInt64(), "oldest first: the page shows the first");

        (await AnswerAsync(prompts[1].GetProperty("id").GetInt64(), "deny")).EnsureSuccessStatusCode();
        using (var denied = await second)
        {
            denied.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }

        first.IsCompleted.Should().BeFalse("its prompt is still waiting");
        (await PromptsAsync()).Should().ContainSingle().Which.GetProperty("id").GetInt64().Should().Be(prompts[0].GetProperty("id").GetInt64());
        (await AnswerAsync(prompts[0].GetProperty("id").GetInt64(), "allow")).EnsureSuccessStatusCode();
        using var allowed = await first;
        allowed.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Ask_CallerGoesAway_ThePromptLeavesTheQueue()
    {
        await LoginAsync("alice");
        using var cancel = new CancellationTokenSource();
        var call = _http.PostAsJsonAsync("emulator/getUserProfile", new { appid = AppId, user = "alice", desc = "d", consent = "ask" }, cancel.Token);
        await _emulator.WhenPromptsPending(1);
        var id = (await PromptsAsync())[0].GetProperty("id").GetInt64();

        await cancel.CancelAsync();
        await call.Invoking(c => c).Should().ThrowAsync<OperationCanceledException>();

        (await PromptsAsync()).Should().BeEmpty();
        using var late = await AnswerAsync(id, "allow");
        late.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString().Should().Contain("No prompt");
    }

    [Fact]
    public async Task Ask_AtMostAHundredWait_ThenTheNextIs429()
    {
        await LoginAsync("alice");
        var calls = Enumerable.Range(0, WeChatEmulator.MaxPendingPrompts).Select(_ => AskAsync("alice")).ToList();
        await _emulator.WhenPromptsPending(WeChatEmulator.MaxPendingPrompts);

        using (var refused = await AskAsync("alice"))
        {
            refused.StatusCode.Should().Be((HttpStatusCode)429);
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString().Should().Contain("answer some first");
        }

        foreach (var prompt in await PromptsAsync())
        {
            (await AnswerAsync(prompt.GetProperty("id").GetInt64(), "deny")).EnsureSuccessStatusCode();
        }

        foreach (var response in await Task.WhenAll(calls))
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            response.Dispose();
        }
    }

    [Theory]
    [InlineData("emulator/prompts/abc", "{\"answer\":\"allow\"}", 400)]
    [InlineData("emulator/prompts/1", "{\"answer\":\"maybe\"}", 400)]
    [InlineData("emulator/prompts/1", "{}", 400)]
    [InlineData("emulator/prompts/1", "{\"answer\":\"\\ud800\"}", 400)]
    [InlineData("emulator/prompts/999", "{\"answer\":\"allow\"}", 404)]
    public async Task AnswerPrompt_BadInput_Is4xxWithAMessage(string path, string body, int status)
    {
        using var response = await _http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        ((int)response.StatusCode).Should().Be(status);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Apps_ListsEachAppWithoutItsSecret()
    {
        var text = await _http.GetStringAsync("emulator/apps");

        text.Should().NotContain(Secret);
        var app = JsonSerializer.Deserialize<JsonElement>(text).EnumerateArray().Should().ContainSingle().Subject;
        app.GetProperty("appid").GetString().Should().Be(AppId);
        app.GetProperty("name").GetString().Should().Be("Coffee Club");
    }

    [Fact]
    public async Task Users_ListsEveryUserByName_WithTheProfileAsSetAndChineseAndEmojiAsText()
    {
        (await _http.PutAsJsonAsync("emulator/users/carol", new UserInfo
        {
            NickName = "Carol 卡罗尔", Gender = Gender.Female, Language = "zh_TW", City = "Taipei", Province = "", Country = "China", AvatarUrl = "",
        }, UserProfileJson.UserInfo)).EnsureSuccessStatusCode();

        var text = await _http.GetStringAsync("emulator/users");

        text.Should().Contain("Bob 😀").And.Contain("Carol 卡罗尔");
        var users = JsonSerializer.Deserialize<JsonElement>(text).EnumerateArray().ToList();
        users.Select(u => u.GetProperty("user").GetString()).Should().Equal("alice", "bob", "carol");
        users[2].GetProperty("userInfo").GetProperty("language").GetString().Should().Be("zh_TW");
    }

    [Fact]
    public async Task Calls_LastN_IsTheMostRecentN()
    {
        for (var i = 0; i < 3; i++)
        {
            (await _http.GetAsync($"sns/jscode2session?appid={AppId}&secret=wrong-{i}")).Dispose();
        }

        (await _http.GetAsync("sns/jscode2session?secret=x")).Dispose();

        var last = await _http.GetFromJsonAsync<JsonElement>("emulator/calls?last=2");
        last.EnumerateArray().Select(c => c.GetProperty("errcode").GetInt32()).Should().Equal(40125, 41002);
        using var bad = await _http.GetAsync("emulator/calls?last=0");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("", "text/html", "<script src=\"/page/app.js\"")]
    [InlineData("page/app.js", "text/javascript", "/emulator/prompts")]
    [InlineData("page/app.css", "text/css", ".prompt")]
    public async Task PageFiles_AreServedFromTheAssembly(string path, string mediaType, string content)
    {
        using var response = await _http.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(mediaType);
        (await response.Content.ReadAsStringAsync()).Should().Contain(content);
    }

    [Theory]
    [InlineData("")]
    [InlineData("page/app.js")]
    [InlineData("page/app.css")]
    public async Task PageFiles_LoadNothingFromAnotherHost_SoThePageWorksOffline(string path)
    {
        var text = await _http.GetStringAsync(path);

        text.Should().NotMatchRegex("(src|href)=\"(https?:)?//", "scripts, styles and fonts come from the emulator itself");
        text.Should().NotContain("url(http").And.NotContain("@import").And.NotContain("fetch(\"http");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Options_AskTimeoutMustBePositive(int seconds)
        => new Action(() => _ = new WeChatEmulator(new WeChatEmulatorOptions { AskTimeout = TimeSpan.FromSeconds(seconds) }))
            .Should().Throw<ArgumentException>().WithMessage("*AskTimeout must be positive*");

    private async Task LoginAsync(string user)
    {
        using var response = await _http.PostAsJsonAsync("emulator/login", new { appid = AppId, user });
        response.EnsureSuccessStatusCode();
    }

    private Task<HttpResponseMessage> AskAsync(string user, string desc = "Show your name on orders")
        => _http.PostAsJsonAsync("emulator/getUserProfile", new { appid = AppId, user, desc, lang = "zh_CN", consent = "ask" });

    private async Task<List<JsonElement>> PromptsAsync()
        => (await _http.GetFromJsonAsync<JsonElement>("emulator/prompts")).EnumerateArray().ToList();

    private Task<HttpResponseMessage> AnswerAsync(long id, string answer)
        => _http.PostAsJsonAsync($"emulator/prompts/{id}", new { answer });
}
