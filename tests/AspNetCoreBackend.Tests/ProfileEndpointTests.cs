using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using AspNetCoreBackend;
using UserProfile;

namespace AspNetCoreBackend.Tests;

/// <summary>Drives the sample backend in-process: login, the client flow, then the post of its result.</summary>
public sealed class ProfileEndpointTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    private const string AppId = "wx4f4bc4dec97d474b";

    [Fact]
    public async Task LoginThenClientFlowThenPost_ReturnsTheVerifiedProfile()
    {
        using var http = factory.CreateClient();
        var login = await LoginAsync(http, "alice");
        var result = await RunClientAsync(login.SessionKey, AppId);

        using var response = await PostAsync(http, login.Token, result);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var profile = await response.Content.ReadFromJsonAsync<VerifiedProfile>();
        profile!.NickName.Should().Be(result.UserInfo.NickName);
        profile.City.Should().Be("广州");
    }

    [Fact]
    public async Task ResultUnderAStaleSessionKey_Returns400WithMinus41003()
    {
        using var http = factory.CreateClient();
        var first = await LoginAsync(http, "bob");
        var result = await RunClientAsync(first.SessionKey, AppId);
        await LoginAsync(http, "bob"); // a later wx.login replaces the session_key

        using var response = await PostAsync(http, first.Token, result);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errcode").GetInt32().Should().Be(-41003);
        problem.RootElement.GetProperty("detail").GetString().Should().Contain("stale");
    }

    [Fact]
    public async Task ResultForAnotherAppId_Returns400WithAppIdMismatch()
    {
        using var http = factory.CreateClient();
        var login = await LoginAsync(http, "carol");
        var result = await RunClientAsync(login.SessionKey, "wx0123456789abcdef");

        using var response = await PostAsync(http, login.Token, result);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errcode").GetInt32().Should().Be(-41003);
        problem.RootElement.GetProperty("error").GetString().Should().Be("AppIdMismatch");
    }

    [Fact]
    public async Task PostWithoutASession_Returns401()
    {
        using var http = factory.CreateClient();
        var result = await RunClientAsync(InMemorySessionKeyProvider.CreateSessionKey(), AppId);

        using var response = await PostAsync(http, "no-such-token", result);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static async Task<LoginResponse> LoginAsync(HttpClient http, string user)
    {
        using var response = await http.PostAsJsonAsync("/login", new LoginRequest(user));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<LoginResponse>())!;
    }

    private static Task<SuccessCallbackResult> RunClientAsync(string sessionKey, string appId)
        => new UserProfileClient(
                new UserProfileClientOptions { AppId = appId, RequireUserGesture = false, AnonymousProfile = false },
                new InMemoryConsentPromptProvider(ConsentDecision.Allow),
                InMemoryUserProfileSource.Demo,
                new InMemorySessionKeyProvider(sessionKey))
            .GetUserProfileAsync(new Option { Desc = "登录", Lang = Language.ZhCN });

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string token, SuccessCallbackResult result)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/profile")
        {
            Content = JsonContent.Create(new ProfileSubmission(result.RawData, result.Signature, result.EncryptedData, result.Iv)),
        };
        request.Headers.Add("X-Session", token);
        return http.SendAsync(request);
    }
}
