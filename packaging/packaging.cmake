# SPDX-License-Identifier: GPL-3.0-or-later
# Desktop integration (desktop entry, AppStream metainfo, hicolor icons, man pages) and the Debian
# package. `cpack -G DEB` in any built build folder makes tokendesk_<version>_<arch>.deb;
# scripts/package does it in a build folder of its own. The programs install themselves
# (install(TARGETS) next to each add_executable); this file installs everything else.
include(GNUInstallDirs)

set(TOKENDESK_APP_ID org.tokendesk.TokenDesk)
set(_pkg ${PROJECT_SOURCE_DIR}/packaging)
set(_out ${PROJECT_BINARY_DIR}/packaging)

install(FILES ${_pkg}/${TOKENDESK_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${_pkg}/${TOKENDESK_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${_pkg}/${TOKENDESK_APP_ID}.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)

# PNG icons for the sizes desktops look up first, rendered from the one SVG at build time.
set(TOKENDESK_ICON_SIZES 16 22 24 32 48 64 128 256)
find_program(RSVG_CONVERT rsvg-convert)
set(_generated)
if(RSVG_CONVERT)
    foreach(size IN LISTS TOKENDESK_ICON_SIZES)
        set(png ${_out}/icons/${size}x${size}/${TOKENDESK_APP_ID}.png)
        add_custom_command(OUTPUT ${png}
            COMMAND ${CMAKE_COMMAND} -E make_directory ${_out}/icons/${size}x${size}
            COMMAND ${RSVG_CONVERT} --width ${size} --height ${size} --output ${png} ${_pkg}/${TOKENDESK_APP_ID}.svg
            DEPENDS ${_pkg}/${TOKENDESK_APP_ID}.svg
            COMMENT "Rendering the ${size}x${size} icon" VERBATIM)
        install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
        list(APPEND _generated ${png})
    endforeach()
else()
    message(WARNING "rsvg-convert (librsvg2-bin) not found: the package gets the SVG icon only. Run scripts/bootstrap.")
endif()

# Man pages, compressed as Debian policy wants them (gzip -9n: no name, no time stamp).
set(TOKENDESK_MAN_PAGES tokendesk tokendesk-cli tokendesk-sandbox)
foreach(page IN LISTS TOKENDESK_MAN_PAGES)
    set(gz ${_out}/man/${page}.1.gz)
    add_custom_command(OUTPUT ${gz}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${_out}/man
        COMMAND sh -c "gzip -9nc \"$0\" > \"$1\"" ${_pkg}/man/${page}.1 ${gz}
        DEPENDS ${_pkg}/man/${page}.1
        COMMENT "Compressing the man page ${page}(1)" VERBATIM)
    install(FILES ${gz} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
    list(APPEND _generated ${gz})
endforeach()
add_custom_target(tokendesk_package_data ALL DEPENDS ${_generated})

set(CPACK_PACKAGE_NAME tokendesk)
set(CPACK_PACKAGE_VENDOR "TokenDesk")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# The Debian control file's long description: CPack indents each line by one space.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
    "TokenDesk issues test tokens from BankEzy, EnOS APIM and security management"
    "token APIs, inspects, decrypts and verifies JWE and JWS tokens, keeps keys and"
    "credentials in an encrypted vault, and watches and renews the sessions it issued."
    "It comes with a built-in sandbox server: the desktop app (tokendesk), the"
    "command-line tool (tokendesk-cli) and the standalone sandbox (tokendesk-sandbox).")
set(CPACK_PACKAGE_CONTACT "TokenDesk maintainers <maintainers@tokendesk.invalid>"
    CACHE STRING "Maintainer field of the Debian package")
set(CPACK_STRIP_FILES ON) # the dev preset builds with debug info; the package ships without it
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # tokendesk_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded as plugins, so dpkg-shlibdeps cannot see them: the SVG icon engine and image format.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6")
include(CPack)
