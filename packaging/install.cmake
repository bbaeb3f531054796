# Installs the binaries, the web client, an example config and the systemd unit:
#   cmake --install BUILD_DIR [--prefix /usr/local]
# The server finds the web client relative to its own binary (bin/../share/camstream/web), so
# the tree can be installed under any prefix.
include(GNUInstallDirs)
set(CAMSTREAM_DATA_DIR ${CMAKE_INSTALL_DATADIR}/camstream)

install(TARGETS camstream-server mock-camera RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/web/ DESTINATION ${CAMSTREAM_DATA_DIR}/web
        PATTERN ".*" EXCLUDE)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/camstream.toml
        DESTINATION ${CAMSTREAM_DATA_DIR} RENAME camstream.example.toml)

# The unit names the binary by its installed path, which is known only at install time
# (--prefix may differ from the configured one).
install(CODE "
  file(READ \"${PROJECT_SOURCE_DIR}/packaging/camstream.service.in\" unit)
  string(REPLACE \"@CAMSTREAM_BINDIR@\" \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\" unit \"\${unit}\")
  set(unit_dir \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/lib/systemd/system\")
  file(MAKE_DIRECTORY \"\${unit_dir}\")
  file(WRITE \"\${unit_dir}/camstream.service\" \"\${unit}\")
  message(STATUS \"Installing: \${unit_dir}/camstream.service\")
")
