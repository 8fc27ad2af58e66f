using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore.Tests.Http;

public sealed class UserProfileExceptionHandlerTests
{
    [Theory]
    [InlineData(503, "SessionStoreUnavailable")]
    [InlineData(400, "SessionKeyReplaced")]
    public async Task TryHandleAsync_AFailureItNames_WritesItsProblemDetails(int status, string error)
    {
        Exception exception = status == 503 ? new SessionStoreUnavailableException("Redis did not answer.") : new OpenDataException(OpenDataError.SessionKeyReplaced);
        var context = NewContext();

        (await new UserProfileExceptionHandler().TryHandleAsync(context, exception, default)).Should().BeTrue();

        context.Response.StatusCode.Should().Be(status);
        context.Response.ContentType.Should().StartWith("application/problem+json");
        context.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(context.Response.Body);
        problem.RootElement.GetProperty("error").GetString().Should().Be(error);
    }

    [Fact]
    public async Task TryHandleAsync_AnyOtherException_IsLeftToTheNextHandler()
        => (await new UserProfileExceptionHandler().TryHandleAsync(NewContext(), new InvalidOperationException(), default)).Should().BeFalse();

    private static DefaultHttpContext NewContext()
        => new() { RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(), Response = { Body = new MemoryStream() } };
}
