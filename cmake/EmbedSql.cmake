# Generates a C++ source holding every migration of a backend as
# {version, name, sql} in ascending order. Run at build time by CMake.
#   -DDIR=<migrations dir> -DOUT=<generated .cc> -DNS=<namespace>
file(GLOB files "${DIR}/*.sql")
list(SORT files)
set(body "")
foreach(f ${files})
  get_filename_component(name "${f}" NAME)
  string(REGEX MATCH "^[0-9]+" version "${name}")
  math(EXPR version "${version}")
  file(READ "${f}" sql)
  string(APPEND body "  {${version}, \"${name}\", R\"sigapsql(${sql})sigapsql\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from ${DIR} by cmake/EmbedSql.cmake. Do not edit.\n#include \"store/migration.h\"\n\nnamespace ${NS} {\n\nconst std::vector<sigap::store::Migration>& Migrations() {\n  static const std::vector<sigap::store::Migration> kMigrations = {\n${body}  };\n  return kMigrations;\n}\n\n}  // namespace ${NS}\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
