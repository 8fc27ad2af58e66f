using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore.Tests.Http;

public sealed class UserProfileProblemsTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddProblemDetails();
        _app = builder.Build();
        _app.MapGet("/open-data/{error}", (OpenDataError error) => { throw new OpenDataException(error); }).WithUserProfileProblems();
        _app.MapGet("/wechat/{errcode:int}", (int errcode) => { throw new WeChatApiException("code2Session", errcode, "errmsg from WeChat"); }).WithUserProfileProblems();
        _app.MapGet("/ok", () => Results.Ok("fine")).WithUserProfileProblems();
        _app.MapGet("/other", () => { throw new InvalidOperationException("not ours"); }).WithUserProfileProblems();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData(OpenDataError.SessionKeyReplaced, -41003)]
    [InlineData(OpenDataError.SessionNotFound, -41001)]
    [InlineData(OpenDataError.InvalidIv, -41002)]
    public async Task Filter_OpenDataException_Is400ProblemWithErrcodeAndError(OpenDataError error, int errcode)
    {
        using var response = await _client.GetAsync($"/open-data/{error}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errcode").GetInt32().Should().Be(errcode);
        problem.RootElement.GetProperty("error").GetString().Should().Be(error.ToString());
        problem.RootElement.GetProperty("detail").GetString().Should().Be(error.GetReason());
        problem.RootElement.GetProperty("status").GetInt32().Should().Be(400);
    }

    [Theory]
    [InlineData(40029, HttpStatusCode.BadRequest)]
    [InlineData(40163, HttpStatusCode.BadRequest)]
    [InlineData(40125, HttpStatusCode.BadGateway)]
    [InlineData(-1, HttpStatusCode.BadGateway)]
    public async Task Filter_WeChatApiException_IsABadCode400OrA502(int errcode, HttpStatusCode status)
    {
        using var response = await _client.GetAsync($"/wechat/{errcode}");

        response.StatusCode.Should().Be(status);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("errcode").GetInt32().Should().Be(errcode);
        problem.RootElement.GetProperty("errmsg").GetString().Should().Be("errmsg from WeChat");
    }

    [Fact]
    public async Task Filter_OtherOutcomes_PassThrough()
    {
        (await _client.GetStringAsync("/ok")).Should().Be("\"fine\"");
        var other = () => _client.GetAsync("/other");
        (await other.Should().ThrowAsync<InvalidOperationException>("only the SDK's own failures become problems; TestServer rethrows the rest")).WithMessage("not ours");
    }

    [Fact]
    public void ToProblemDetails_ForAController_CarriesTheSameFields()
    {
        var problem = new OpenDataException(OpenDataError.SessionKeyReplaced).ToProblemDetails();

        (problem.Status, problem.Extensions["errcode"], problem.Extensions["error"]).Should().Be((400, (object)(-41003), (object)"SessionKeyReplaced"));
        ((Action)(() => ((OpenDataException)null!).ToProblemDetails())).Should().Throw<ArgumentNullException>();
    }
}
