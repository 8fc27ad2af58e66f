using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.PostgreSql;

/// <summary>Registers <see cref="PostgreSqlWeChatSessionStore"/> as the app's <see cref="IWeChatSessionStore"/>.</summary>
public static class PostgreSqlWeChatSessionStoreServiceCollectionExtensions
{
    /// <summary>
    /// Makes PostgreSQL the session store: a <see cref="PostgreSqlWeChatSessionStore"/> over its own
    /// <see cref="NpgsqlDataSource"/> for <paramref name="connectionString"/>, as the <see cref="IWeChatSessionStore"/>,
    /// replacing any other store, so the call order with <c>AddUserProfileServer</c> does not matter.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connectionString">An Npgsql connection string, such as <c>Host=127.0.0.1;Username=app;Database=app</c>.</param>
    /// <param name="configure">Configures the table and the timeout.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <remarks>The session lifetime is the registered <see cref="WeChatSessionStoreOptions"/> (AddUserProfileServer's <c>SessionLifetime</c>), else 3 days.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty, or the options are invalid.</exception>
    public static IServiceCollection AddPostgreSqlWeChatSessionStore(this IServiceCollection services, string connectionString, Action<PostgreSqlWeChatSessionStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var options = new PostgreSqlWeChatSessionStoreOptions();
        configure?.Invoke(options);
        if (options.GetValidationErrors() is { Count: > 0 } errors)
        {
            throw new ArgumentException($"Invalid PostgreSqlWeChatSessionStoreOptions: {string.Join(" ", errors)}", nameof(configure));
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var seconds = (int)Math.Ceiling(options.Timeout.TotalSeconds);
        builder.Timeout = Math.Min(builder.Timeout, seconds);
        builder.CommandTimeout = Math.Min(builder.CommandTimeout == 0 ? seconds : builder.CommandTimeout, seconds);
        builder.CancellationTimeout = Math.Min(builder.CancellationTimeout, 1000);
        var connection = builder.ConnectionString;

        // The store's own data source, owned (and disposed) by the container, apart from any the app registers.
        services.TryAddSingleton(_ => new SessionDataSource(NpgsqlDataSource.Create(connection)));
        services.RemoveAll<IWeChatSessionStore>();
        services.AddSingleton<IWeChatSessionStore>(provider => new PostgreSqlWeChatSessionStore(
            provider.GetRequiredService<SessionDataSource>().DataSource,
            options,
            provider.GetService<WeChatSessionStoreOptions>(),
            provider.GetService<ILogger<PostgreSqlWeChatSessionStore>>()));
        return services;
    }
}

/// <summary>The data source <see cref="PostgreSqlWeChatSessionStoreServiceCollectionExtensions.AddPostgreSqlWeChatSessionStore"/> creates, disposed with the container.</summary>
internal sealed class SessionDataSource(NpgsqlDataSource dataSource) : IDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public void Dispose() => DataSource.Dispose();
}
