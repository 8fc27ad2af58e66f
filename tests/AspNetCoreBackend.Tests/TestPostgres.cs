using Npgsql;

namespace AspNetCoreBackend.Tests;

/// <summary>
/// A fresh database on the PostgreSQL named by USERPROFILE_TEST_POSTGRES, dropped at the end. Without the variable the
/// tests that use it fail, saying how to start one; they are never skipped.
/// </summary>
public sealed class TestPostgres : IAsyncLifetime
{
    public const string Variable = "USERPROFILE_TEST_POSTGRES";

    private readonly string _server;
    private readonly string _database = "userprofile_test_" + Guid.NewGuid().ToString("N")[..12];

    public TestPostgres()
    {
        _server = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set, and these tests need PostgreSQL. Run them with a throwaway server: "
                + "'bash tests/with-postgres.sh dotnet test' (it starts PostgreSQL 15 in a temp directory, sets the variable and stops it afterwards; "
                + "Debian: apt-get install postgresql first), or set it to an Npgsql connection string of a server you run.");
    }

    /// <summary>The connection string of this fixture's own database.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;

    public async Task InitializeAsync()
    {
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", admin);
        await create.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
