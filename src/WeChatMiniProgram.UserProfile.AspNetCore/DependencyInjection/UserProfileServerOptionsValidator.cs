using Microsoft.Extensions.Options;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore;

/// <summary>Checks <see cref="UserProfileServerOptions"/> at start-up and names every problem in one message, by its configuration key.</summary>
internal sealed class UserProfileServerOptionsValidator : IValidateOptions<UserProfileServerOptions>
{
    public ValidateOptionsResult Validate(string? name, UserProfileServerOptions options)
    {
        var errors = new List<string>();
        try
        {
            ToApiOptions(options).Validate();
        }
        catch (ArgumentException ex)
        {
            errors.Add(ex.Message.Replace("Invalid WeChatApiOptions: ", string.Empty, StringComparison.Ordinal).Replace(" (Parameter 'options')", string.Empty, StringComparison.Ordinal));
        }

        if (options.MaxDataAge is { } age && age <= TimeSpan.Zero)
        {
            errors.Add("MaxDataAge must be positive (such as \"00:10:00\"), or empty to turn the freshness check off.");
        }

        if (options.SessionLifetime <= TimeSpan.Zero)
        {
            errors.Add("SessionLifetime must be positive (such as \"3.00:00:00\").");
        }

        if (string.IsNullOrEmpty(options.SessionKeyPrefix))
        {
            errors.Add("SessionKeyPrefix must not be empty.");
        }

        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("The UserProfile server's options (AddUserProfileServer) are invalid: " + string.Join(" ", errors));
    }

    internal static WeChatApiOptions ToApiOptions(UserProfileServerOptions options) => new()
    {
        AppId = options.AppId,
        AppSecret = options.AppSecret,
        ApiBaseAddress = options.ApiBaseAddress,
    };
}
