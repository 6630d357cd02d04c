using System.Data;
using System.Data.Common;

namespace PipelineExtensions.AutoML.Storage;

// Small ADO.NET helpers: typed parameters (Npgsql needs a type for nulls), scalar reads, Unix-time conversion.
internal static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            (p.Value, p.DbType) = value switch
            {
                null => (DBNull.Value, DbType.String),
                TypedNull n => (DBNull.Value, n.Type),
                long or int => (Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), DbType.Int64),
                double d => (d, DbType.Double),
                _ => (value, DbType.String),
            };
            command.Parameters.Add(p);
        }
        return command;
    }

    /// <summary>A missing number (Npgsql needs the type of a null parameter).</summary>
    public static readonly TypedNull NullDouble = new(DbType.Double);

    /// <summary>A missing text.</summary>
    public static readonly TypedNull NullText = new(DbType.String);

    public static object OrNull(double? value) => value is { } v && !double.IsNaN(v) ? v : NullDouble;

    public static object OrNull(string? value) => (object?)value ?? NullText;

    public sealed record TypedNull(DbType Type);

    public static int Execute(DbConnection c, DbTransaction? t, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(c, t, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static T Scalar<T>(DbConnection c, DbTransaction? t, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(c, t, sql, parameters);
        var value = command.ExecuteScalar();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a query and hands each row to <paramref name="row"/>.</summary>
    public static void Read(DbConnection c, DbTransaction? t, string sql, Action<DbDataReader> row, params (string, object?)[] parameters)
    {
        using var command = Command(c, t, sql, parameters);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            row(reader);
    }

    public static DateTimeOffset? FromUnix(double? seconds) =>
        seconds is { } s ? DateTimeOffset.UnixEpoch.AddTicks((long)(s * TimeSpan.TicksPerSecond)) : null;
}
