using Microsoft.Extensions.Options;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>Checks <see cref="UserProfileServerOptions"/> at start-up and names every problem in one message, by its configuration key.</summary>
internal sealed class UserProfileServerOptionsValidator : IValidateOptions<UserProfileServerOptions>
{
    public ValidateOptionsResult Validate(string? name, UserProfileServerOptions options)
        => options.GetValidationErrors() is { Count: > 0 } errors
            ? ValidateOptionsResult.Fail("The WeChat mini-program server's options (AddUserProfileServer) are invalid: " + string.Join(" ", errors))
            : ValidateOptionsResult.Success;
}
