#if NETSTANDARD2_0
namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// <c>Task.WaitAsync(CancellationToken)</c> (.NET 6), <c>Task.Delay(TimeSpan, TimeProvider, CancellationToken)</c>
/// (.NET 8), <c>CancellationToken.UnsafeRegister</c> (.NET Core 3.0) and <c>Enum.IsDefined&lt;T&gt;</c> (.NET 5) on
/// netstandard2.0.
/// </summary>
internal static class TaskPolyfills
{
    extension<T>(Task<T> task)
    {
        public async Task<T> WaitAsync(CancellationToken cancellationToken)
        {
            if (task.IsCompleted || !cancellationToken.CanBeCanceled)
            {
                return await task.ConfigureAwait(false);
            }

            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), cancelled))
            {
                if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
            }

            return await task.ConfigureAwait(false);
        }
    }

    extension(Task)
    {
        public static Task Delay(TimeSpan delay, TimeProvider timeProvider, CancellationToken cancellationToken)
            => timeProvider.Delay(delay, cancellationToken); // Microsoft.Bcl.TimeProvider
    }

    extension(CancellationToken token)
    {
        public CancellationTokenRegistration UnsafeRegister(Action<object?> callback, object? state) => token.Register(callback, state);
    }

    extension(Enum)
    {
        public static bool IsDefined<TEnum>(TEnum value)
            where TEnum : struct, Enum
            => Enum.IsDefined(typeof(TEnum), value);
    }
}
#endif
