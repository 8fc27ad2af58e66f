using System.Runtime.ExceptionServices;

namespace WeChatMiniProgram.UserProfile.Callbacks;

/// <summary>
/// Runs an option's callbacks in Taro's order: Success or Fail, then Complete, each exactly once.
/// A callback that throws does not stop Complete; its exception is rethrown afterwards.
/// </summary>
internal static class CallbackInvoker
{
    public static void Succeeded(Option option, SuccessCallbackResult result)
        => Run(option.Success, option.Complete, result, result);

    public static void Failed(Option option, CallbackResult error)
        => Run(option.Fail, option.Complete, error, error);

    private static void Run<T>(Action<T>? first, Action<CallbackResult>? complete, T firstArgument, CallbackResult completeArgument)
    {
        Exception? firstError = null;
        Exception? completeError = null;
        try
        {
            first?.Invoke(firstArgument);
        }
#pragma warning disable CA1031 // Any exception of the host's callback is captured and rethrown below.
        catch (Exception ex)
        {
            firstError = ex;
        }

        try
        {
            complete?.Invoke(completeArgument);
        }
        catch (Exception ex)
        {
            completeError = ex;
        }
#pragma warning restore CA1031

        if (firstError is not null && completeError is not null)
        {
            throw new AggregateException("Both the success/fail callback and the complete callback threw.", firstError, completeError);
        }

        if ((firstError ?? completeError) is { } error)
        {
            ExceptionDispatchInfo.Capture(error).Throw();
        }
    }
}
