#!/usr/bin/env bash
# Regenerates the EF Core compiled models of both providers (ShopWeb/Data/CompiledModels/Sqlite and /Postgres), which
# the shop hands to UseModel instead of building its model at the first query. Run it after every model change, with
# the migrations (README, "Adding a migration"); Data/CompiledModelTests fails until it is run. The shop is built
# without the old models first (ShopCompiledModels=false), so a change that breaks them cannot stop this. The
# PostgreSQL model needs no server: the connection string below is never opened.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet build ShopWeb --nologo -v quiet -p:ShopCompiledModels=false
rm -rf ShopWeb/Data/CompiledModels/Sqlite ShopWeb/Data/CompiledModels/Postgres
dotnet ef dbcontext optimize --no-build --project ShopWeb --context ShopDbContext \
  --output-dir Data/CompiledModels/Sqlite --namespace ShopWeb.Data.CompiledModels.Sqlite
Database__Provider=Postgres ConnectionStrings__Shop="Host=127.0.0.1;Database=model-only;Username=shop" \
  dotnet ef dbcontext optimize --no-build --project ShopWeb --context PostgresShopDbContext \
  --output-dir Data/CompiledModels/Postgres --namespace ShopWeb.Data.CompiledModels.Postgres
dotnet build ShopWeb --nologo -v quiet # back to the shop with its models
echo "compiled models regenerated in ShopWeb/Data/CompiledModels; commit them"
