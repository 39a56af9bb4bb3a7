# Install layout and the Debian package (cpack -G DEB in the build folder).

include(GNUInstallDirs)

set(EMBEDSCOPE_APP_ID io.github.embedscope.Embedscope)
set(ICON_SOURCE_DIR ${PROJECT_SOURCE_DIR}/resources/icons)

install(FILES ${PROJECT_SOURCE_DIR}/resources/linux/${EMBEDSCOPE_APP_ID}.desktop
    DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/resources/linux/${EMBEDSCOPE_APP_ID}.metainfo.xml
    DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${ICON_SOURCE_DIR}/embedscope.svg
    DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
    RENAME ${EMBEDSCOPE_APP_ID}.svg)
foreach(size 16 32 48 64 128 256)
    install(FILES ${ICON_SOURCE_DIR}/embedscope-${size}.png
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
        RENAME ${EMBEDSCOPE_APP_ID}.png)
endforeach()

set(CPACK_PACKAGE_NAME embedscope)
set(CPACK_PACKAGE_VENDOR "The Embedscope developers")
set(CPACK_PACKAGE_CONTACT "The Embedscope developers <embedscope@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"${PROJECT_DESCRIPTION}
 Embedscope fetches an embedding for each phrase in a list from an
 OpenAI-compatible endpoint or a built-in offline provider, and shows the
 pairwise similarity matrix as an annotated heatmap with a score table.
 The same engine runs headless from the command line.")
# Shared-library dependencies come from dpkg-shlibdeps; the rest are
# plugins and data that the linker cannot see.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, qt6-qpa-plugins, fonts-dejavu-core")

include(CPack)
