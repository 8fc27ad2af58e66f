using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.PostgreSql;

/// <summary>Registers <see cref="PostgreSqlWeChatSessionStore"/> as the app's <see cref="IWeChatSessionStore"/>.</summary>
public static class PostgreSqlWeChatSessionStoreServiceCollectionExtensions
{
    /// <summary>The store's pool size when the connection string names none (Npgsql's own default is 100).</summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>
    /// Makes PostgreSQL the session store: a <see cref="PostgreSqlWeChatSessionStore"/> over its own
    /// <see cref="NpgsqlDataSource"/> for <paramref name="connectionString"/>, as the <see cref="IWeChatSessionStore"/>,
    /// replacing any other store, so the call order with <c>AddUserProfileServer</c> does not matter.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connectionString">An Npgsql connection string, such as <c>Host=127.0.0.1;Username=app;Database=app</c>.</param>
    /// <param name="configure">Configures the table and the timeout.</param>
    /// <returns>The same collection, for chaining.</returns>
    /// <remarks>
    /// The session lifetime is the registered <see cref="WeChatSessionStoreOptions"/> (AddUserProfileServer's <c>SessionLifetime</c>), else 3 days.
    /// The store's own pool holds at most <see cref="DefaultMaxPoolSize"/> connections unless the connection string names a
    /// <c>Maximum Pool Size</c>: its operations are short, and a small pool queues a burst rather than opening a connection per request.
    /// </remarks>
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

        // A session's read or merge holds a connection for a few milliseconds, so a small pool serves many requests. With
        // Npgsql's default of 100, a cold instance hit by a burst opened ~100 connections at once, and on a 2-core host
        // that alone outlasted the store's 5 s timeout (503s); 20 queued them instead. A connection string that names
        // its own pool size keeps it.
        if (!NamesPoolSize(connectionString))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        var connection = builder.ConnectionString;

        // The stores' own data source and schema, owned (and disposed) by the container, apart from any the app registers.
        services.TryAddSingleton(_ => new SessionDataSource(NpgsqlDataSource.Create(connection), options));

        // Sessions, profiles and avatars sealed by the app's key ring, which lives in the database too (unless the app
        // keeps it elsewhere): every instance on this database opens what any other wrote, with no more set-up.
        services.AddDataProtection();
        if (options.PersistDataProtectionKeys)
        {
            services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(keys =>
            {
                var engine = provider.GetRequiredService<SessionDataSource>();
                keys.XmlRepository = new PostgreSqlXmlRepository(engine.DataSource, engine.Schema, options.DataProtectionKeysTableName);
            }));
        }

        services.RemoveAll<IWeChatSessionStore>();
        services.AddSingleton<IWeChatSessionStore>(provider =>
        {
            var engine = provider.GetRequiredService<SessionDataSource>();
            return new PostgreSqlWeChatSessionStore(
                engine.DataSource,
                options,
                provider.GetService<WeChatSessionStoreOptions>(),
                provider.GetService<ILogger<PostgreSqlWeChatSessionStore>>(),
                provider.GetRequiredService<IDataProtectionProvider>().CreateProtector(StoredEntries.SessionsPurpose),
                engine.Schema);
        });
        services.RemoveAll<IWeChatProfileStore>();
        services.AddSingleton<IWeChatProfileStore>(provider =>
        {
            var engine = provider.GetRequiredService<SessionDataSource>();
            return new PostgreSqlWeChatProfileStore(
                engine.DataSource, options, provider.GetRequiredService<IDataProtectionProvider>().CreateProtector(StoredEntries.ProfilesPurpose), provider.GetService<ILogger<PostgreSqlWeChatProfileStore>>(), engine.Schema);
        });
        services.RemoveAll<IWeChatAvatarStore>();
        services.AddSingleton<IWeChatAvatarStore>(provider =>
        {
            var engine = provider.GetRequiredService<SessionDataSource>();
            return new PostgreSqlWeChatAvatarStore(
                engine.DataSource, options, provider.GetRequiredService<IDataProtectionProvider>().CreateProtector(StoredEntries.AvatarsPurpose), provider.GetService<ILogger<PostgreSqlWeChatAvatarStore>>(), engine.Schema);
        });
        return services;
    }

    private static bool NamesPoolSize(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return given.Keys.Cast<string>().Any(static key => key.Replace(" ", string.Empty, StringComparison.Ordinal) is var name
            && (name.Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase) || name.Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase)));
    }
}

/// <summary>The data source <see cref="PostgreSqlWeChatSessionStoreServiceCollectionExtensions.AddPostgreSqlWeChatSessionStore"/> creates, disposed with the container.</summary>
internal sealed class SessionDataSource(NpgsqlDataSource dataSource, PostgreSqlWeChatSessionStoreOptions options) : IDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public PostgreSqlSchema Schema { get; } = new(dataSource, options.Clone());

    public void Dispose()
    {
        Schema.Dispose();
        DataSource.Dispose();
    }
}
