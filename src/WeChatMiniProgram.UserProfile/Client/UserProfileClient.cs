using WeChatMiniProgram.UserProfile.Callbacks;
using WeChatMiniProgram.UserProfile.Crypto;
using WeChatMiniProgram.UserProfile.Diagnostics;
using WeChatMiniProgram.UserProfile.Frequency;
using WeChatMiniProgram.UserProfile.Profile;
using WeChatMiniProgram.UserProfile.Prompt;
using WeChatMiniProgram.UserProfile.Validation;

namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// The getUserProfile flow: option → validation → gesture and frequency rules → consent prompt → profile →
/// sign and encrypt → result → callbacks. Thread-safe; use one instance per mini program (per user session).
/// </summary>
/// <remarks>See <see cref="IUserProfileClient.GetUserProfileAsync"/> for the callback, queueing and cancellation rules.</remarks>
public sealed class UserProfileClient : IUserProfileClient
{
    private readonly UserProfileClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly string _appId;
    private readonly IConsentPromptProvider _promptProvider;
    private readonly IUserProfileSource _profileSource;
    private readonly ISessionKeyProvider _sessionKeyProvider;
    private readonly IPrivacyAuthorizationProvider _privacyProvider;
    private readonly CallRateLimiter? _rateLimiter;
    private readonly PromptQueue _promptQueue;
    private readonly bool _anonymousProfile;
    private readonly bool _privacyScopeDeclared;
    private volatile bool _privacyAuthorized;

    /// <summary>Initializes a new instance of the <see cref="UserProfileClient"/> class.</summary>
    /// <param name="options">The client's options; validated here and read once.</param>
    /// <param name="promptProvider">Shows the consent prompt.</param>
    /// <param name="profileSource">Supplies the signed-in user's profile.</param>
    /// <param name="sessionKeyProvider">Supplies the current login's session_key.</param>
    /// <param name="privacyProvider">
    /// Asks the user to agree to the privacy agreement, once, until revoked; <see langword="null"/> for a user who has
    /// already agreed (an <see cref="InMemoryPrivacyAuthorizationProvider"/> that agrees).
    /// </param>
    /// <param name="timeProvider">The clock for watermarks, the frequency limit and prompt timeouts; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or a host component is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid; the message names each problem.</exception>
    public UserProfileClient(
        UserProfileClientOptions options,
        IConsentPromptProvider promptProvider,
        IUserProfileSource profileSource,
        ISessionKeyProvider sessionKeyProvider,
        IPrivacyAuthorizationProvider? privacyProvider = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(promptProvider);
        ArgumentNullException.ThrowIfNull(profileSource);
        ArgumentNullException.ThrowIfNull(sessionKeyProvider);
        OptionsErrors.ThrowIfAny(nameof(UserProfileClientOptions), options.GetValidationErrors());

        _options = options.Clone();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _appId = options.AppId!;
        _promptProvider = promptProvider;
        _profileSource = profileSource;
        _sessionKeyProvider = sessionKeyProvider;
        _privacyProvider = privacyProvider ?? new InMemoryPrivacyAuthorizationProvider(ConsentDecision.Allow);
        _rateLimiter = options.MaxCallsPerSecond == 0 ? null : new CallRateLimiter(options.MaxCallsPerSecond, _timeProvider);
        _promptQueue = new PromptQueue(_timeProvider);
        _anonymousProfile = options.AnonymousProfile ?? options.BaseLibraryVersion >= UserProfileClientOptions.AnonymousProfileBaseLibraryVersion;
        _privacyScopeDeclared = options.PrivacyAgreementScopes.Contains(UserProfileClientOptions.UserInfoPrivacyScope);
    }

    /// <summary>
    /// Forgets the user's agreement to the privacy agreement, so the next call asks the
    /// <see cref="IPrivacyAuthorizationProvider"/> again (as when a WeChat user revokes it in the settings).
    /// </summary>
    public void RevokePrivacyAuthorization() => _privacyAuthorized = false;

    /// <inheritdoc/>
    public async Task<SuccessCallbackResult> GetUserProfileAsync(Option option, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(option);

        // Read once: host code that changes the option mid-call cannot change what this call shows or calls back.
        option = option.Snapshot();
        using var activity = UserProfileDiagnostics.StartCall(option.Lang);
        SuccessCallbackResult result;
        try
        {
            result = await RunAsync(option, cancellationToken).ConfigureAwait(false);
        }
        catch (UserProfileException error)
        {
            UserProfileDiagnostics.CallEnded(activity, error.ErrMsg);
            CallbackInvoker.Failed(option, new CallbackResult(error.ErrMsg, error.ErrNo));
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            UserProfileDiagnostics.CallEnded(activity, ErrMsgs.Cancel);
            CallbackInvoker.Failed(option, new CallbackResult(ErrMsgs.Cancel));
            throw;
        }

        UserProfileDiagnostics.CallEnded(activity, result.ErrMsg);
        CallbackInvoker.Succeeded(option, result);
        return result;
    }

    private async Task<SuccessCallbackResult> RunAsync(Option option, CancellationToken cancellationToken)
    {
        var invalid = OptionValidator.Validate(option) ?? PlatformCheck.Check(_options);
        if (invalid is not null)
        {
            throw new UserProfileException(invalid);
        }

        if (_options.RequireUserGesture && !UserGesture.IsActive)
        {
            throw new UserProfileException(ErrMsgs.NotUserGesture);
        }

        if (_rateLimiter is not null && !_rateLimiter.TryAdmit())
        {
            throw new UserProfileException(ErrMsgs.TooFrequent);
        }

        if (!_privacyScopeDeclared)
        {
            throw new UserProfileException(ErrMsgs.PrivacyScopeUndeclared, ErrMsgs.PrivacyScopeUndeclaredErrNo, null);
        }

        UserInfo profile;
        using (var turn = await _promptQueue.EnterAsync(cancellationToken).ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await EnsurePrivacyAuthorizedAsync(turn, cancellationToken).ConfigureAwait(false);
            profile = await ReadProfileAsync(turn, option.Lang, cancellationToken).ConfigureAwait(false);
            var request = new ConsentRequest(_appId, _options.AppName, option.Desc!, option.Lang, profile);
            UserProfileDiagnostics.PromptShown();
            var decision = await PromptAsync(turn, request, cancellationToken).ConfigureAwait(false);
            UserProfileDiagnostics.PromptAnswered(decision);
            if (decision != ConsentDecision.Allow)
            {
                throw decision == ConsentDecision.Deny
                    ? new UserProfileException(ErrMsgs.AuthDeny)
                    : HostFault("The consent prompt provider returned an undefined ConsentDecision.", null);
            }
        }

        var sessionKey = await ReadSessionKeyAsync(cancellationToken).ConfigureAwait(false);
        Span<byte> key = stackalloc byte[16];
        if (!Base64Field.TryDecodeSessionKey(sessionKey, key))
        {
            throw new UserProfileException(ErrMsgs.InvalidSessionKey);
        }

        var timestamp = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        return ProfileSealer.Seal(profile, sessionKey, key, _appId, timestamp, _options.EnableCloud);
    }

    /// <summary>
    /// The privacy rule (WeChat, since October 2023): a user who has not agreed to the privacy agreement is asked once;
    /// an agreement is remembered until revoked, a refusal fails the call with errno 104.
    /// </summary>
    private async Task EnsurePrivacyAuthorizedAsync(PromptQueue.Turn turn, CancellationToken cancellationToken)
    {
        if (_privacyAuthorized)
        {
            return;
        }

        var request = new PrivacyAuthorizationRequest(_appId, _options.AppName, "getUserProfile");
        var decision = await CallHostAsync(
            static (provider, request, token) => provider.RequestAuthorizationAsync(request, token), _privacyProvider, request, "privacy authorization provider", turn, cancellationToken)
            .ConfigureAwait(false);
        switch (decision)
        {
            case ConsentDecision.Allow:
                _privacyAuthorized = true;
                break;
            case ConsentDecision.Deny:
                throw new UserProfileException(ErrMsgs.PrivacyNotAuthorized, ErrMsgs.PrivacyNotAuthorizedErrNo, null);
            default:
                throw HostFault("The privacy authorization provider returned an undefined ConsentDecision.", null);
        }
    }

    private async Task<UserInfo> ReadProfileAsync(PromptQueue.Turn turn, Language lang, CancellationToken cancellationToken)
    {
        var profile = await CallHostAsync(
            static (source, lang, token) => source.GetUserInfoAsync(lang, token), _profileSource, lang, "profile source", turn, cancellationToken)
            .ConfigureAwait(false);

        // UserInfo is settable: the flow works on its own copy, so what is checked is what is signed, and neither the
        // host's object nor the result's is shared with the other.
        profile = profile is null ? null! : profile with { };
        if (UserInfoCheck.Problem(profile) is { } problem)
        {
            throw HostFault($"Invalid profile: {problem}.", null);
        }

        return _anonymousProfile ? AnonymousProfile.Value : profile;
    }

    private async Task<ConsentDecision> PromptAsync(PromptQueue.Turn turn, ConsentRequest request, CancellationToken cancellationToken)
    {
        if (_options.PromptTimeout == Timeout.InfiniteTimeSpan)
        {
            return await CallHostAsync(
                static (provider, request, token) => provider.PromptAsync(request, token), _promptProvider, request, "consent prompt provider", turn, cancellationToken)
                .ConfigureAwait(false);
        }

        #if NET8_0_OR_GREATER
        using var timeout = new CancellationTokenSource(_options.PromptTimeout, _timeProvider);
#else
        using var timeout = _timeProvider.CreateCancellationTokenSource(_options.PromptTimeout); // Microsoft.Bcl.TimeProvider
#endif
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await CallHostAsync(
                static (provider, request, token) => provider.PromptAsync(request, token), _promptProvider, request, "consent prompt provider", turn, linked.Token)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new UserProfileException(ErrMsgs.Timeout, new TimeoutException($"The consent prompt was not answered within {_options.PromptTimeout}.", ex));
        }
    }

    private async Task<string> ReadSessionKeyAsync(CancellationToken cancellationToken)
    {
        var sessionKey = await CallHostAsync(
            static (provider, _, token) => provider.GetSessionKeyAsync(token), _sessionKeyProvider, 0, "session key provider", null, cancellationToken)
            .ConfigureAwait(false);

        return (sessionKey is null or "") ? throw new UserProfileException(ErrMsgs.InvalidSessionKey) : sessionKey;
    }

    /// <summary>
    /// Calls host code and waits for it no longer than <paramref name="cancellationToken"/> allows, even when the host
    /// ignores the token. A host exception becomes <see cref="ErrMsgs.InternalError"/>; a cancellation stays one.
    /// A call made under a prompt <paramref name="turn"/> is tracked by it, so the next prompt waits for it to return.
    /// </summary>
    private static async Task<TResult> CallHostAsync<THost, TArg, TResult>(
        Func<THost, TArg, CancellationToken, ValueTask<TResult>> call,
        THost host,
        TArg argument,
        string component,
        PromptQueue.Turn? turn,
        CancellationToken cancellationToken)
    {
        try
        {
            var pending = call(host, argument, cancellationToken);
            if (pending.IsCompletedSuccessfully)
            {
                return pending.Result;
            }

            var task = pending.AsTask();
            turn?.Track(task);
            return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Whatever host code throws is reported as the spec's internal error, with the cause attached.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            throw HostFault($"The {component} threw {ex.GetType().Name}.", ex);
        }
    }

    private static UserProfileException HostFault(string detail, Exception? cause)
        => new(ErrMsgs.InternalError, new InvalidOperationException(detail, cause));

}
