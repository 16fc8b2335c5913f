using Npgsql;

namespace Dunning.Platform.Data;

/// <summary>Builds the statements stores hand to a <see cref="UnitOfWork"/>.</summary>
public static class Statement
{
    /// <summary>A statement with positional parameters (<c>$1</c>, <c>$2</c>, …) in the order given; a null value is SQL NULL.
    /// A value that is an <see cref="NpgsqlParameter"/> goes as it is (to give a type).</summary>
    public static NpgsqlBatchCommand Of(string sql, params object?[] values)
    {
        if (values.GetType() != typeof(object[]))
            values = [values]; // a string[] given alone arrives as the params array itself (covariance): it is one array parameter
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value ?? DBNull.Value });
        return command;
    }
}
