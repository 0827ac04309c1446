pytest_plugins = ["tests.servers_plugin"]
