; Inno Setup script of Dotstorm's Windows installer (.github/workflows/bundles.yml runs
; it on the one-folder bundle: ISCC /DAppVersion=X.Y.Z installers\windows\dotstorm.iss).
; It installs for the current user (no administrator needed), adds Dotstorm to the Start
; menu, optionally to the desktop and the `dotstorm` command to the user's PATH, and
; uninstalls cleanly. The user's sessions (in %LOCALAPPDATA%\dotstorm) are never removed.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=X.Y.Z installers\windows\dotstorm.iss
#endif

[Setup]
AppId={{6F0D3C35-3A51-4C57-9F6E-2E2B8E1C8D11}
AppName=Dotstorm
AppVersion={#AppVersion}
AppPublisher=The Dotstorm team
DefaultDirName={autopf}\Dotstorm
DefaultGroupName=Dotstorm
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
LicenseFile=..\..\dist\dotstorm\licences\README.txt
OutputDir=..\..\dist
OutputBaseFilename=dotstorm-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\build\dotstorm.ico
UninstallDisplayIcon={app}\dotstorm-window.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add the dotstorm command to my PATH (for the command line)"; Flags: unchecked

[Files]
Source: "..\..\dist\dotstorm\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Dotstorm"; Filename: "{app}\dotstorm-window.exe"; Comment: "Run a live, timed brainstorm"
Name: "{autodesktop}\Dotstorm"; Filename: "{app}\dotstorm-window.exe"; Tasks: desktopicon

[Registry]
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\dotstorm-window.exe"; Description: "{cm:LaunchProgram,Dotstorm}"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Folder: string): Boolean;
var
  Current: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Current) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Folder) + ';', ';' + Uppercase(Current) + ';') = 0;
end;
