using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Platform.Tests.Data;

public sealed class PooledConnectionSettingsTests
{
    [Fact]
    public void Connections_are_not_reset_on_close_and_prepare_their_hot_statements_unless_the_connection_string_says_otherwise()
    {
        var defaults = new NpgsqlConnectionStringBuilder(PooledConnectionSettings.Apply("Host=127.0.0.1;Username=postgres"));
        var given = new NpgsqlConnectionStringBuilder(PooledConnectionSettings.Apply(
            "Host=127.0.0.1;Username=postgres;No Reset On Close=false;Max Auto Prepare=5"));

        Assert.True(defaults.NoResetOnClose);
        Assert.Equal(32, defaults.MaxAutoPrepare);
        Assert.False(given.NoResetOnClose);
        Assert.Equal(5, given.MaxAutoPrepare);
    }
}
